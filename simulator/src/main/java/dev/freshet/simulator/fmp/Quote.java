package dev.freshet.simulator.fmp;

/** One element of {@code /stable/quote} and {@code /stable/batch-quote}. {@code timestamp} is unix seconds. */
public record Quote(
        String symbol,
        String name,
        double price,
        double changePercentage,
        double change,
        long volume,
        double dayLow,
        double dayHigh,
        double yearHigh,
        double yearLow,
        long marketCap,
        double priceAvg50,
        double priceAvg200,
        String exchange,
        double open,
        double previousClose,
        long timestamp) {
}
