package dev.freshet.benchmark;

import java.util.List;

/** Percentiles of a sorted sample (nearest rank). */
public final class Samples {

    private Samples() {
    }

    public static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.min(Math.max(rank, 1), sorted.size()) - 1);
    }

    public static double percentileOf(List<Double> values, double p) {
        return percentile(values.stream().sorted().toList(), p);
    }
}
