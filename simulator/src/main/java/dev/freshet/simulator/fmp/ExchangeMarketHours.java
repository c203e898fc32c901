package dev.freshet.simulator.fmp;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One element of {@code /stable/all-exchange-market-hours}; hours read like "09:30 AM -04:00". */
public record ExchangeMarketHours(
        String exchange,
        String name,
        String openingHour,
        String closingHour,
        String timezone,
        @JsonProperty("isMarketOpen") boolean isMarketOpen) {
}
