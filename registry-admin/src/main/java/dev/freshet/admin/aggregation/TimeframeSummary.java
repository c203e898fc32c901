package dev.freshet.admin.aggregation;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.mutiny.sqlclient.Row;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * One timeframe's tasks, their lag and the quality of its bars built in the period.
 *
 * @param fullQualityShare complete bars (quality score 1) among the bars of the period; null without bars
 */
@RegisterForReflection
public record TimeframeSummary(String timeframe, long tasks, long enabledTasks, long running, long hardFailed,
                               BigDecimal maxLagMinutes, BigDecimal meanLagMinutes, long bars, long fullQualityBars,
                               Double fullQualityShare, BigDecimal meanQuality) {

    static TimeframeSummary of(Row r) {
        long bars = r.getLong("bars");
        long full = r.getLong("full_bars");
        return new TimeframeSummary(r.getString("timeframe"), r.getLong("tasks"), r.getLong("enabled_tasks"),
                r.getLong("running"), r.getLong("hard_failed"), r.getBigDecimal("max_lag_minutes"),
                r.getBigDecimal("mean_lag_minutes"), bars, full, bars == 0 ? null : (double) full / bars,
                r.getBigDecimal("mean_quality"));
    }

    /** The timeframe's length, for ordering 5m before 1h before 1d. */
    Duration length() {
        if (!timeframe.matches("[0-9]{1,3}[mhd]")) {
            return Duration.ZERO;
        }
        long n = Long.parseLong(timeframe.substring(0, timeframe.length() - 1));
        return switch (timeframe.charAt(timeframe.length() - 1)) {
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
