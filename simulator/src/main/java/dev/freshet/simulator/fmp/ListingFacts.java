package dev.freshet.simulator.fmp;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.freshet.simulator.market.Company;

/** The closing fields of a profile and of an exchange listing: the listed symbol's logo, the IPO date, the kind of security. */
public record ListingFacts(
        String image,
        String ipoDate,
        boolean defaultImage,
        // Explicit names: Jackson would otherwise also see bean-style "etf", "activelyTrading", ... properties.
        @JsonProperty("isEtf") boolean isEtf,
        @JsonProperty("isActivelyTrading") boolean isActivelyTrading,
        @JsonProperty("isAdr") boolean isAdr,
        @JsonProperty("isFund") boolean isFund) {

    /** An actively traded common stock. */
    static ListingFacts of(String listedSymbol, Company company) {
        return new ListingFacts("https://images.financialmodelingprep.com/symbol/" + listedSymbol + ".png",
                company.ipoDate().toString(), false, false, true, false, false);
    }
}
