package dev.freshet.processor.aggregate;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.time.Instant;

/** How the processor runs aggregation tasks. */
@ConfigMapping(prefix = "freshet.aggregation")
public interface AggregationConfig {

    /** Most windows one run aggregates after the cursor; a task with more due runs again at once. */
    @WithDefault("2000")
    int maxWindowsPerRun();

    /** Failures in a row after which a task is hard_failed (until an operator resets it). */
    @WithDefault("3")
    int hardFailThreshold();

    /** Wait before a failed task is due again. */
    @WithDefault("60s")
    Duration failureBackoff();

    /** Wait before a caught-up task is due again when its data type has no schedule interval. */
    @WithDefault("60s")
    Duration defaultInterval();

    /**
     * Start time of the tasks created when 1-minute bars of a new symbol are written (the same knob
     * as the checker's registry sync); the epoch means "from the first stored bar".
     */
    @WithDefault("1970-01-01T00:00:00Z")
    Instant startUtc();
}
