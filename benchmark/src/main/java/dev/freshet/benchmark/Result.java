package dev.freshet.benchmark;

import java.util.List;

/**
 * One line of the table: our figure and its physical reference, each the median of repeated runs
 * with the spread (min and max) of those runs; {@code ratio} is ours / reference.
 */
public record Result(String scenario, String variant, String metric, String unit, Summary ours, Summary reference,
                     String referenceName, String note) {

    /** Median and spread of repeated measurements. */
    public record Summary(double median, double min, double max, List<Double> runs) {

        public static Summary of(List<Double> runs) {
            if (runs.isEmpty()) {
                return new Summary(Double.NaN, Double.NaN, Double.NaN, runs);
            }
            List<Double> sorted = runs.stream().sorted().toList();
            return new Summary(Samples.percentile(sorted, 50), sorted.getFirst(), sorted.getLast(), runs);
        }
    }

    public double ratio() {
        return reference == null || reference.median() == 0 ? Double.NaN : ours.median() / reference.median();
    }
}
