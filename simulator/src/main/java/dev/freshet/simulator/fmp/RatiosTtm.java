package dev.freshet.simulator.fmp;

/** The single element of {@code /stable/ratios-ttm}; yields and margins are fractions (0.012 = 1.2 %). */
public record RatiosTtm(
        String symbol,
        double priceToEarningsRatioTTM,
        double priceToBookRatioTTM,
        double priceToSalesRatioTTM,
        double dividendYieldTTM,
        double currentRatioTTM,
        double debtToEquityRatioTTM,
        double netProfitMarginTTM,
        double returnOnEquityTTM) {
}
