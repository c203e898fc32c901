package dev.freshet.admin.quotas;

import dev.freshet.admin.common.Rows;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;

/** A provider's limits with what is used and reserved right now. */
@RegisterForReflection
public record QuotaView(String provider, Integer callsPerMinute, Integer callsPerDay, Long bytesPerWindow,
                        Integer bytesWindowSeconds, double safetyMarginPct, double onDemandReservePct,
                        int maxConcurrency, int requestTimeoutMs, int version, Instant updatedAt, String updatedBy,
                        Usage usage, String universeDataType, int notFoundBaseSeconds, int notFoundMaxSeconds) {

    @RegisterForReflection
    public record Usage(long callsThisMinute, long callsToday, long bytesInWindow, long reservedCalls,
                        long reservedBytes, long processingJobs, long rateLimitedLastHour, long errorsLastHour) {
    }

    public static QuotaView of(Row r) {
        return new QuotaView(r.getString("provider"), r.getInteger("calls_per_minute"), r.getInteger("calls_per_day"),
                r.getLong("bytes_per_window"), r.getInteger("bytes_window_seconds"),
                ((Number) r.getValue("safety_margin_pct")).doubleValue(),
                ((Number) r.getValue("on_demand_reserve_pct")).doubleValue(),
                r.getInteger("max_concurrency"), r.getInteger("request_timeout_ms"), r.getInteger("version"),
                Rows.instant(r, "updated_at"), r.getString("updated_by"),
                new Usage(Rows.longOrZero(r, "calls_this_minute"), Rows.longOrZero(r, "calls_today"),
                        Rows.longOrZero(r, "bytes_in_window"), Rows.longOrZero(r, "reserved_calls"),
                        Rows.longOrZero(r, "reserved_bytes"), Rows.longOrZero(r, "processing_jobs"),
                        Rows.longOrZero(r, "rate_limited_last_hour"), Rows.longOrZero(r, "errors_last_hour")),
                r.getString("universe_data_type"), r.getInteger("not_found_base_seconds"), r.getInteger("not_found_max_seconds"));
    }
}
