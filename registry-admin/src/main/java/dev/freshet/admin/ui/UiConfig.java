package dev.freshet.admin.ui;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** What the web UI needs to know beyond the admin API. */
@ConfigMapping(prefix = "freshet.admin.ui")
public interface UiConfig {

    /** Base URL of the subscription tracker as the operator's browser reaches it (live view). */
    @WithDefault("http://localhost:8081")
    String trackerUrl();

    /**
     * The tracker's client token secret ({@code freshet.tracker.tokens.secret}), when the tracker
     * requires tokens: the live view then gets short-lived tokens for its own client ids from here.
     */
    Optional<String> trackerTokenSecret();

    /** Lifetime of a live-view token. */
    @WithDefault("10m")
    Duration trackerTokenLifetime();

    /** How often the overview reloads itself. */
    @WithDefault("10s")
    Duration refreshInterval();

    /** Length of the overview's per-minute timeline. */
    @WithDefault("60")
    int timelineMinutes();
}
