package dev.freshet.shared.metrics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code freshet.metrics.*}: how timings are published. */
@ConfigMapping(prefix = "freshet.metrics")
public interface MetricsConfig {

    /**
     * Publish the timings of {@link TimingHistograms#NAMES} as Prometheus histograms ({@code _bucket}
     * series), so dashboards and alerts can take any percentile across replicas; off leaves only
     * sum, count and max.
     */
    @WithDefault("true")
    boolean percentileHistograms();
}
