package dev.freshet.simulator.fmp;

/** One month of {@code /stable/grades-historical}: how many analysts sat in each rating bucket. */
public record AnalystGrades(
        String symbol,
        String date,
        int analystRatingsStrongBuy,
        int analystRatingsBuy,
        int analystRatingsHold,
        int analystRatingsSell,
        int analystRatingsStrongSell) {
}
