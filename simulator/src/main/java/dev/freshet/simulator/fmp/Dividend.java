package dev.freshet.simulator.fmp;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One payment of {@code /stable/dividends}; {@code date} is the ex-date and {@code yield} is in percent. */
public record Dividend(
        String symbol,
        String date,
        String recordDate,
        String paymentDate,
        String declarationDate,
        double adjDividend,
        double dividend,
        // "yield" is a contextual keyword in Java, awkward as an accessor name.
        @JsonProperty("yield") double dividendYield,
        String frequency) {
}
