package dev.freshet.checker.aggregation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.time.Instant;

/** How the aggregation-due task finds and queues aggregation tasks (prefix shared with the processor's aggregation knobs). */
@ConfigMapping(prefix = "freshet.aggregation")
public interface AggregationDueConfig {

    /** Most tasks claimed and queued per run. */
    @WithDefault("500")
    int batchSize();

    /** A running task silent this long lost its job and is claimed again. */
    @WithDefault("15m")
    Duration staleRunningAfter();

    /** Start time of tasks the registry sync creates; the epoch means "from the first stored bar". */
    @WithDefault("1970-01-01T00:00:00Z")
    Instant startUtc();
}
