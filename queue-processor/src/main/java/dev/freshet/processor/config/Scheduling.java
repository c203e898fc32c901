package dev.freshet.processor.config;

/** How the claim orders due jobs when the budget cannot take them all. */
public enum Scheduling {
    /** Priority (viewer base + registry priority + viewers), plus one point per aging step, then age. */
    STATIC,
    /**
     * Value per call first (tier weight × viewers × pairs one call serves, in factors of two), earliest
     * deadline first among comparable value; a job's value doubles per aging step past its deadline.
     * Jobs due within the deadline horizon go before those due later.
     */
    DEADLINE;

    public String sql() {
        return name().toLowerCase();
    }
}
