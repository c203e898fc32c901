package dev.freshet.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Freshness SLO attainment per tier from periodic samples: each sample counts, per tier, the viewed
 * (data type, symbol) pairs and those whose data was within the data type's TTL. A sample's share is
 * fresh / viewed (a tier with no viewed pair in a sample has no share for it); the pooled attainment
 * is Σ fresh / Σ viewed over all samples, i.e. the share of pair-samples that were fresh. Of the stale
 * pair-samples it also counts those already stale when their pair was first viewed: the loss no scheduler
 * that learns of a view when it happens can avoid entirely (it waits for a call and a fetch), told apart
 * from pairs that went stale while somebody looked, which refresh-ahead should prevent.
 */
public final class SloTally {

    private final Map<String, List<Double>> shares = new LinkedHashMap<>();
    private final Map<String, long[]> pooled = new LinkedHashMap<>();
    private final Map<String, Map<Integer, long[]>> byPhase = new LinkedHashMap<>();
    private final int period;
    private int sample;
    private Map<String, long[]> current = new LinkedHashMap<>();

    public SloTally() {
        this(1);
    }

    /**
     * Also pools the samples by their place in a cycle of {@code period} samples ({@link #pooledByPhase}): with a sample
     * every 5 s from a minute's start, 12 tells the samples apart by their second of the minute, where the budget
     * starts again.
     */
    public SloTally(int period) {
        if (period < 1) {
            throw new IllegalArgumentException("period must be positive, was " + period);
        }
        this.period = period;
    }

    /** Adds one data type's counts to the sample being taken. */
    public void add(String tier, long viewed, long fresh) {
        add(tier, viewed, fresh, 0);
    }

    /** Adds one data type's counts to the sample being taken, with the stale pairs that were stale when first viewed. */
    public void add(String tier, long viewed, long fresh, long staleWhenFirstViewed) {
        if (fresh > viewed || fresh < 0 || staleWhenFirstViewed < 0 || staleWhenFirstViewed > viewed - fresh) {
            throw new IllegalArgumentException("fresh " + fresh + " and stale when first viewed " + staleWhenFirstViewed + " of " + viewed + " viewed");
        }
        long[] c = current.computeIfAbsent(tier, t -> new long[3]);
        c[0] += viewed;
        c[1] += fresh;
        c[2] += staleWhenFirstViewed;
    }

    /** Closes the sample being taken. */
    public void endSample() {
        current.forEach((tier, c) -> {
            if (c[0] > 0) {
                shares.computeIfAbsent(tier, t -> new ArrayList<>()).add((double) c[1] / c[0]);
                long[] p = pooled.computeIfAbsent(tier, t -> new long[3]);
                p[0] += c[0];
                p[1] += c[1];
                p[2] += c[2];
                long[] f = byPhase.computeIfAbsent(tier, t -> new LinkedHashMap<>()).computeIfAbsent(sample % period, k -> new long[2]);
                f[0] += c[0];
                f[1] += c[1];
            }
        });
        current = new LinkedHashMap<>();
        sample++;
    }

    /** Σ fresh / Σ viewed of one tier at each place of the cycle (NaN where it had no viewed pair), the first sample's place first. */
    public List<Double> pooledByPhase(String tier) {
        Map<Integer, long[]> phases = byPhase.getOrDefault(tier, Map.of());
        List<Double> out = new ArrayList<>();
        for (int k = 0; k < period; k++) {
            long[] f = phases.get(k);
            out.add(f == null || f[0] == 0 ? Double.NaN : (double) f[1] / f[0]);
        }
        return out;
    }

    /** Tiers seen so far, in the order first seen. */
    public List<String> tiers() {
        return List.copyOf(shares.keySet());
    }

    /** Every sample's share of one tier. */
    public List<Double> shares(String tier) {
        return List.copyOf(shares.getOrDefault(tier, List.of()));
    }

    /** Σ fresh / Σ viewed over every sample of one tier (NaN without any). */
    public double pooled(String tier) {
        long[] p = pooled.get(tier);
        return p == null || p[0] == 0 ? Double.NaN : (double) p[1] / p[0];
    }

    /** Pair-samples viewed in one tier over all samples. */
    public long viewedPairSamples(String tier) {
        long[] p = pooled.get(tier);
        return p == null ? 0 : p[0];
    }

    /** Of one tier's stale pair-samples, the share that were stale when their pair was first viewed (NaN without any stale). */
    public double staleWhenFirstViewed(String tier) {
        long[] p = pooled.get(tier);
        return p == null || p[0] == p[1] ? Double.NaN : (double) p[2] / (p[0] - p[1]);
    }
}
