package dev.freshet.simulator.fmp;

/** The single element of {@code /stable/shares-float}; {@code date} is "yyyy-MM-dd HH:mm:ss", freeFloat a percent. */
public record SharesFloat(
        String symbol,
        String date,
        double freeFloat,
        long floatShares,
        long outstandingShares) {
}
