package dev.freshet.checker.scheduled;

/**
 * How much scheduled work a provider can still take in this run, in calls and bytes. Each
 * scheduled job counts as one call and its data type's estimated bytes.
 */
final class ProviderBudget {

    static final long UNLIMITED = Long.MAX_VALUE;

    private final String provider;
    private long calls;
    private long bytes;

    ProviderBudget(String provider, long calls, long bytes) {
        this.provider = provider;
        this.calls = Math.max(0, calls);
        this.bytes = Math.max(0, bytes);
    }

    static ProviderBudget unlimited(String provider) {
        return new ProviderBudget(provider, UNLIMITED, UNLIMITED);
    }

    /**
     * What scheduled work may take of one window: {@code share} of what is left, and never the
     * on-demand reserve (that part of the usable limit stays for viewers).
     *
     * @param limit          the provider's limit for the window, null when it has none
     * @param marginPct      safety margin kept below the limit
     * @param reservePct     share of the usable limit kept for on-demand (viewer) work
     * @param spent          used, reserved or already queued in the window
     */
    static long allowance(Long limit, double marginPct, double reservePct, long spent, double share) {
        if (limit == null) {
            return UNLIMITED;
        }
        double usable = limit * (1 - marginPct / 100.0);
        double remaining = usable - spent;
        double keepForViewers = usable * reservePct / 100.0;
        double allowed = Math.min(remaining * share, remaining - keepForViewers);
        return allowed <= 0 ? 0 : (long) Math.floor(allowed);
    }

    String provider() {
        return provider;
    }

    long calls() {
        return calls;
    }

    long bytes() {
        return bytes;
    }

    /** How many jobs of the given estimated size fit. */
    long jobsFitting(long estimatedBytes) {
        long byBytes = estimatedBytes <= 0 || bytes == UNLIMITED ? UNLIMITED : bytes / estimatedBytes;
        return Math.min(calls, byBytes);
    }

    void spend(long jobs, long estimatedBytes) {
        if (calls != UNLIMITED) {
            calls = Math.max(0, calls - jobs);
        }
        if (bytes != UNLIMITED && estimatedBytes > 0) {
            bytes = Math.max(0, bytes - jobs * estimatedBytes);
        }
    }
}
