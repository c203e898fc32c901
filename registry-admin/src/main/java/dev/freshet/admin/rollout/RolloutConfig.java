package dev.freshet.admin.rollout;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of the rollout API's shadow comparison. */
@ConfigMapping(prefix = "freshet.rollout")
public interface RolloutConfig {

    /** Window compared when none is asked for: the last this long. */
    @WithDefault("24h")
    Duration defaultWindow();

    /** Longest window one comparison may cover (the checker keeps shadow records 7 days by default). */
    @WithDefault("7d")
    Duration maxWindow();

    /** Differing or missing rows shown side by side in a comparison, newest first. */
    @WithDefault("20")
    int samples();
}
