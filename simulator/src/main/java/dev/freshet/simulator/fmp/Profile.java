package dev.freshet.simulator.fmp;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** One element of {@code /stable/profile}. FMP sends cik as a string. */
public record Profile(
        String symbol,
        double price,
        long marketCap,
        double beta,
        double lastDividend,
        String range,
        double change,
        double changePercentage,
        long volume,
        long averageVolume,
        String companyName,
        String currency,
        String cik,
        String isin,
        String cusip,
        String exchangeFullName,
        String exchange,
        @JsonUnwrapped CompanyFacts company,
        @JsonUnwrapped ListingFacts listing) {
}
