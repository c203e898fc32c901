package dev.freshet.shared.staleness;

import java.time.Instant;

/**
 * @param updatedAt   newest timestamp of the cached rows, null when there are none
 * @param checkFailed the check itself failed; the state is STALE by the fail-safe rule
 */
public record PairFreshness(String symbol, FreshnessState state, Instant updatedAt, boolean checkFailed) {

    public boolean needsRefresh() {
        return state != FreshnessState.FRESH;
    }
}
