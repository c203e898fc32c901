package dev.freshet.admin.aggregation;

import io.vertx.mutiny.sqlclient.Row;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * One (symbol, timeframe) aggregation task as operators see it. {@code lagMinutes} is the latest
 * 1-minute bar minus the cursor.
 */
public record AggregationTaskView(String symbol, String timeframe, String status, boolean enabled, int taskPriority,
                                  boolean mandatory, OffsetDateTime cursor, OffsetDateTime aggStartUtc,
                                  OffsetDateTime latestSourceBar, BigDecimal lagMinutes, int hardFailStreak,
                                  String lastError, OffsetDateTime lastSuccessfulAt, OffsetDateTime nextRunAt,
                                  boolean lateBarsPending) {

    static AggregationTaskView of(Row r) {
        return new AggregationTaskView(r.getString("symbol"), r.getString("timeframe"), r.getString("status"),
                r.getBoolean("enabled"), r.getInteger("task_priority"), r.getBoolean("is_mandatory"),
                r.getOffsetDateTime("last_agg_bar_ts_utc"), r.getOffsetDateTime("agg_start_utc"),
                r.getOffsetDateTime("latest_1m"), r.getBigDecimal("lag_minutes"), r.getInteger("hard_fail_streak"),
                r.getString("last_error"), r.getOffsetDateTime("last_successful_at_utc"),
                r.getOffsetDateTime("next_run_at_utc"), r.getBoolean("late_bars_pending"));
    }
}
