package dev.freshet.admin.ui;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** What the web UI needs to know beyond the admin API. */
@ConfigMapping(prefix = "freshet.admin.ui")
public interface UiConfig {

    /** Base URL of the subscription tracker as the operator's browser reaches it (live view). */
    @WithDefault("http://localhost:8081")
    String trackerUrl();

    /** How often the overview reloads itself. */
    @WithDefault("10s")
    Duration refreshInterval();

    /** Length of the overview's per-minute timeline. */
    @WithDefault("60")
    int timelineMinutes();
}
