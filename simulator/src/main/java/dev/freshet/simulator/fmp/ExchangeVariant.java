package dev.freshet.simulator.fmp;

import com.fasterxml.jackson.annotation.JsonProperty;

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
        String industry,
        String website,
        String description,
        String ceo,
        String sector,
        String country,
        String fullTimeEmployees,
        String phone,
        String address,
        String city,
        String state,
        String zip,
        double dcfDiff,
        double dcf,
        String image,
        String ipoDate,
        boolean defaultImage,
        @JsonProperty("isEtf") boolean isEtf,
        @JsonProperty("isActivelyTrading") boolean isActivelyTrading,
        @JsonProperty("isAdr") boolean isAdr,
        @JsonProperty("isFund") boolean isFund) {
}
