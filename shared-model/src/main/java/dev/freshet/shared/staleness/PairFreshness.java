package dev.freshet.shared.staleness;

import dev.freshet.shared.registry.DataType;

import java.time.Instant;

/**
 * @param updatedAt   newest timestamp of the cached rows, null when there are none
 * @param checkFailed the check itself failed; the state is STALE by the fail-safe rule
 */
public record PairFreshness(String symbol, FreshnessState state, Instant updatedAt, boolean checkFailed) {

    public boolean needsRefresh() {
        return state != FreshnessState.FRESH;
    }

    /**
     * Stale, missing, or fresh but older than the data type's refresh-ahead age (TTL × (1 − lead)), so
     * that a refresh queued now can land before the data goes stale.
     */
    public boolean dueForRefresh(DataType dt, Instant now) {
        return needsRefresh() || updatedAt == null || !updatedAt.isAfter(now.minus(dt.refreshAheadAge()));
    }

    /** When the cached data stops being fresh (newest row + TTL); null when missing or unknown. */
    public Instant deadline(DataType dt) {
        return updatedAt == null || checkFailed ? null : updatedAt.plus(dt.ttl());
    }
}
