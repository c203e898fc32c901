package dev.freshet.shared.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Set;

/**
 * Percentile histograms for the timings operators ask percentiles of. Client-side percentiles
 * cannot be aggregated across replicas; histogram buckets can ({@code histogram_quantile} over
 * {@code sum by (le)}). The bucket range is bounded per timing so each one adds a few dozen series,
 * not the seventy of Micrometer's default range.
 */
@Singleton
public class TimingHistograms {

    /** The timers published as histograms, by Micrometer name. */
    public static final Set<String> NAMES = Set.of(
            "http.server.requests", "freshet_job_duration", "freshet_job_queue_wait", "freshet_upstream_latency",
            "freshet.checker.run.duration");

    private static final Duration MIN = Duration.ofMillis(1);
    private static final Duration MAX = Duration.ofMinutes(2);
    /** A queue wait counts in minutes when the budget is tight. */
    private static final Duration MAX_QUEUE_WAIT = Duration.ofHours(1);

    @Produces
    @Singleton
    public MeterFilter histograms(MetricsConfig config) {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig defaults) {
                if (!config.percentileHistograms() || !NAMES.contains(id.getName())) {
                    return defaults;
                }
                Duration max = id.getName().equals("freshet_job_queue_wait") ? MAX_QUEUE_WAIT : MAX;
                return DistributionStatisticConfig.builder()
                        .percentilesHistogram(true)
                        .minimumExpectedValue((double) MIN.toNanos())
                        .maximumExpectedValue((double) max.toNanos())
                        .build().merge(defaults);
            }
        };
    }
}
