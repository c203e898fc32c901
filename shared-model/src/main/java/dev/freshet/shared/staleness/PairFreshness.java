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

    /**
     * A derived pair seen through the source its rows are built from: never better than the source.
     * A source with no rows under derived rows that exist makes them stale (they are not being kept up).
     */
    public PairFreshness heldBy(PairFreshness source) {
        if (source == null || source.state.ordinal() <= state.ordinal()) {
            return this;
        }
        FreshnessState held = source.state == FreshnessState.MISSING && updatedAt != null ? FreshnessState.STALE : source.state;
        return new PairFreshness(symbol, held, updatedAt, checkFailed || source.checkFailed);
    }

    /** When the cached data stops being fresh (newest row + TTL); null when missing or unknown. */
    public Instant deadline(DataType dt) {
        return updatedAt == null || checkFailed ? null : updatedAt.plus(dt.ttl());
    }
}
