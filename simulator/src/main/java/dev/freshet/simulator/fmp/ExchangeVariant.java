package dev.freshet.simulator.fmp;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** One listing of {@code /stable/search-exchange-variants}, in FMP's older profile shape (mktCap, volAvg, ...). */
public record ExchangeVariant(
        String symbol,
        double price,
        double beta,
        long volAvg,
        long mktCap,
        double lastDiv,
        String range,
        double changes,
        String companyName,
        String currency,
        String cik,
        String isin,
        String cusip,
        String exchange,
        String exchangeShortName,
        @JsonUnwrapped CompanyFacts company,
        double dcfDiff,
        double dcf,
        @JsonUnwrapped ListingFacts listing) {
}
