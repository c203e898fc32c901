package dev.freshet.admin.ui;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/** What the UI-only endpoints answer. */
public final class UiViews {

    private UiViews() {
    }

    /** @param admin whether write controls are shown */
    @RegisterForReflection
    public record Me(String username, List<String> roles, boolean admin) {
    }

    /** @param refreshIntervalMs how often the overview reloads */
    @RegisterForReflection
    public record UiSettings(String trackerUrl, long refreshIntervalMs, int timelineMinutes) {
    }

    /** A tracker client token for the live view; {@code token} null when the tracker needs none. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record TrackerToken(String clientId, String token, Instant expiresAt) {
    }

    /**
     * The queue at the end of one minute and what finished during it.
     *
     * @param pending    jobs waiting (including those in backoff) at the end of the minute
     * @param processing jobs claimed and not finished at the end of the minute
     */
    @RegisterForReflection
    public record Minute(Instant minute, long pending, long processing, long completed, long failed, long cancelled) {
    }

    @RegisterForReflection
    public record Timeline(Instant from, Instant until, List<Minute> minutes) {
    }

    /** One processor instance's circuit for one provider. */
    @RegisterForReflection
    public record Circuit(String provider, String instanceId, String state, Instant changedAt, Instant openUntil,
                          String lastError, Instant updatedAt) {
    }
}
