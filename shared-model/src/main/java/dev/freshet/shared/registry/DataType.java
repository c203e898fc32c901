package dev.freshet.shared.registry;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** One registry row: what a data type is, where it is stored and how fresh it must be. */
public record DataType(
        String dataType,
        String displayName,
        String provider,
        String handler,
        JsonObject handlerConfig,
        String tableName,
        String timestampColumn,
        String symbolColumn,
        List<String> keyColumns,
        Scope scope,
        int ttlSeconds,
        RefreshMode refreshMode,
        Integer scheduleIntervalSeconds,
        int priority,
        Tier tier,
        Integer warnAfterSeconds,
        Integer errorAfterSeconds,
        long estimatedBytes,
        String sourceTimestampColumn,
        int maxAttempts,
        RolloutState rolloutState,
        int version,
        Instant updatedAt,
        String updatedBy) {

    public Duration ttl() {
        return Duration.ofSeconds(ttlSeconds);
    }

    /**
     * Share of the TTL before it ends at which a viewed pair is queued (refresh-ahead), from
     * {@code handler_config.refreshLead}; {@link RefreshLead#DEFAULT} when unset or out of range
     * (the admin API refuses such a value, see {@link RefreshLead#problems}).
     */
    public double refreshLead() {
        return RefreshLead.of(handlerConfig);
    }

    /** Age at which a viewed pair is queued: TTL × (1 − lead). */
    public Duration refreshAheadAge() {
        return Duration.ofMillis(Math.round(ttlSeconds * 1000.0 * (1 - refreshLead())));
    }

    /**
     * Pairs one call serves: {@code handler_config.batch.maxSymbols} (1 to 1,000) for a batch-capable type, else 1; the
     * claim statement reads it the same way.
     */
    public int pairsPerCall() {
        JsonObject batch = handlerConfig == null ? null : handlerConfig.getJsonObject("batch");
        return batch != null && batch.getValue("maxSymbols") instanceof Number n ? Math.max(1, Math.min(1000, n.intValue())) : 1;
    }

    public boolean global() {
        return scope == Scope.GLOBAL;
    }

    /** Age beyond which the data counts as "aging" rather than fresh in reports: the TTL unless set. */
    public Duration warnAfter() {
        return warnAfterSeconds != null ? Duration.ofSeconds(warnAfterSeconds) : ttl();
    }

    /** Age beyond which the data counts as stale in reports: the tier target unless set, never below the warning. */
    public Duration errorAfter() {
        Duration d = errorAfterSeconds != null ? Duration.ofSeconds(errorAfterSeconds) : tier.defaultTarget();
        return d.compareTo(warnAfter()) < 0 ? warnAfter() : d;
    }

    /** Fetched by Freshet now (shadow or live); off and paused data types are neither queued nor claimed. */
    public boolean enabled() {
        return rolloutState.active();
    }

    /** Results go to the live table; in any other state at most to {@code shadow_writes}. */
    public boolean writesLive() {
        return rolloutState == RolloutState.LIVE;
    }

    /** Freshness is judged from the shadow records, as the live table belongs to another system. */
    public boolean judgedFromShadow() {
        return rolloutState == RolloutState.SHADOW;
    }

    public boolean acceptsViewers() {
        return enabled() && refreshMode.onDemand();
    }
}
