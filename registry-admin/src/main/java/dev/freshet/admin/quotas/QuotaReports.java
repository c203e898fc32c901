package dev.freshet.admin.quotas;

import dev.freshet.admin.AdminConfig;
import dev.freshet.admin.common.Params;
import dev.freshet.admin.common.Rows;
import dev.freshet.shared.problem.ProblemException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Usage over time buckets and the quota forecast. */
@ApplicationScoped
public class QuotaReports {

    @RegisterForReflection
    public record Bucket(String provider, Instant bucket, long calls, long bytes, long rateLimited, long errors) {
    }

    @RegisterForReflection
    public record Usage(String bucket, Instant from, Instant until, List<Bucket> buckets) {
    }

    /** Bucket unit and the longest range it may cover, so a report never explodes into millions of rows. */
    static final Map<String, Duration> BUCKETS = Map.of(
            "minute", Duration.ofDays(2), "hour", Duration.ofDays(92), "day", Duration.ofDays(3 * 366));

    private final Pool pool;
    private final Clock clock;
    private final AdminConfig config;
    private final QuotaService quotas;

    public QuotaReports(Pool pool, Clock clock, AdminConfig config, QuotaService quotas) {
        this.pool = pool;
        this.clock = clock;
        this.config = config;
        this.quotas = quotas;
    }

    public Uni<Usage> usage(String provider, Instant from, Instant until, String bucket) {
        String unit = bucket == null ? "hour" : Params.oneOf("bucket", bucket, BUCKETS.keySet());
        Instant to = until == null ? clock.instant() : until;
        Instant start = from == null ? to.minus(config.reportWindow()) : from;
        if (!start.isBefore(to)) {
            throw ProblemException.badRequest("'since' must be before 'until'");
        }
        if (Duration.between(start, to).compareTo(BUCKETS.get(unit)) > 0) {
            throw ProblemException.badRequest("a report by " + unit + " covers at most " + BUCKETS.get(unit).toDays()
                    + " days; choose a coarser bucket or a shorter range");
        }
        Tuple params = Tuple.from(Arrays.asList(unit, Params.utc(start), Params.utc(to), provider));
        return pool.preparedQuery(QuotaSql.USAGE_BUCKETS).execute(params).map(rows -> {
            List<Bucket> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new Bucket(r.getString("provider"), Rows.instant(r, "bucket"), Rows.longOrZero(r, "calls"),
                        Rows.longOrZero(r, "bytes"), Rows.longOrZero(r, "rate_limited"), Rows.longOrZero(r, "errors")));
            }
            return new Usage(unit, start, to, out);
        });
    }

    public Uni<List<QuotaForecast>> forecast() {
        Instant now = clock.instant();
        double rateSeconds = Math.max(1, config.forecastRateWindow().toSeconds());
        return quotas.usage(null, now).map(rows -> {
            List<QuotaForecast> out = new ArrayList<>();
            for (Row r : rows) {
                QuotaView q = QuotaView.of(r);
                double callRate = Rows.longOrZero(r, "calls_recent") / rateSeconds;
                double byteRate = Rows.longOrZero(r, "bytes_recent") / rateSeconds;
                out.add(new QuotaForecast(q.provider(), now, (long) rateSeconds, windows(q, now, callRate, byteRate)));
            }
            return out;
        });
    }

    /** The windows a provider enforces, with what is left of each. */
    public static List<QuotaForecast.Window> windows(QuotaView q, Instant now, double callRate, double byteRate) {
        double margin = q.safetyMarginPct();
        List<QuotaForecast.Window> windows = new ArrayList<>();
        if (q.callsPerMinute() != null) {
            windows.add(window("calls_per_minute", "calls", q.callsPerMinute(), margin, q.usage().callsThisMinute(),
                    q.usage().reservedCalls(), callRate, now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1)), now));
        }
        if (q.callsPerDay() != null) {
            windows.add(window("calls_per_day", "calls", q.callsPerDay(), margin, q.usage().callsToday(),
                    q.usage().reservedCalls(), callRate, now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1)), now));
        }
        if (q.bytesPerWindow() != null) {
            windows.add(window("bytes_per_" + q.bytesWindowSeconds() + "s", "bytes", q.bytesPerWindow(), margin,
                    q.usage().bytesInWindow(), q.usage().reservedBytes(), byteRate, null, now));
        }
        return windows;
    }

    static QuotaForecast.Window window(String name, String unit, long limit, double marginPct, long used, long reserved,
                                       double rate, Instant resetsAt, Instant now) {
        long effective = (long) Math.floor(limit * (100 - marginPct) / 100);
        long remaining = Math.max(0, effective - used - reserved);
        Instant exhaustedAt = null;
        if (remaining == 0) {
            exhaustedAt = now;
        } else if (rate > 0) {
            Instant projected = now.plusMillis((long) Math.ceil(remaining / rate * 1000));
            exhaustedAt = resetsAt != null && !projected.isBefore(resetsAt) ? null : projected;
        }
        return new QuotaForecast.Window(name, unit, limit, effective, used, reserved, remaining, rate, resetsAt,
                exhaustedAt, remaining == 0);
    }
}
