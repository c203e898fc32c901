package dev.freshet.simulator.fmp;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One element of {@code /stable/profile}. FMP sends cik, employees, phone and zip as strings. */
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
        String image,
        String ipoDate,
        boolean defaultImage,
        // Explicit names: Jackson would otherwise also see bean-style "etf", "activelyTrading", ... properties.
        @JsonProperty("isEtf") boolean isEtf,
        @JsonProperty("isActivelyTrading") boolean isActivelyTrading,
        @JsonProperty("isAdr") boolean isAdr,
        @JsonProperty("isFund") boolean isFund) {
}
