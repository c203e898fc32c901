package dev.freshet.simulator.fmp;

/** One element of {@code /stable/available-exchanges}. */
public record Exchange(
        String exchange,
        String name,
        String countryName,
        String countryCode,
        String symbolSuffix,
        String delay) {
}
