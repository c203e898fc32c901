package dev.freshet.admin.providers;

import dev.freshet.admin.common.Rows;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;

/**
 * A provider's state as operators steer it.
 *
 * @param circuitState open when any processor's circuit is, else half_open when any is, else closed
 * @param openUntil    the latest time a processor's open circuit lets a trial call through
 * @param pause        null when the provider is not paused
 */
@RegisterForReflection
public record ProviderView(String provider, boolean paused, Pause pause, long pendingJobs, String circuitState,
                           Instant openUntil, long openInstances, long instances) {

    @RegisterForReflection
    public record Pause(Instant pausedAt, String pausedBy, String reason) {
    }

    static ProviderView of(Row r) {
        Instant pausedAt = Rows.instant(r, "paused_at");
        return new ProviderView(r.getString("provider"), pausedAt != null,
                pausedAt == null ? null : new Pause(pausedAt, r.getString("paused_by"), r.getString("reason")),
                r.getLong("pending_jobs"), r.getString("circuit_state"), Rows.instant(r, "open_until"),
                r.getLong("open_instances"), r.getLong("instances"));
    }
}
