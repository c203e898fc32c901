package dev.freshet.shared.staleness;

/** What a viewer is told about a (data type, symbol). */
public enum FreshnessState {
    FRESH, STALE, MISSING;

    public String json() {
        return name().toLowerCase();
    }
}
