package dev.freshet.simulator.polygon;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One entry of Polygon's reference tickers ({@code /v3/reference/tickers}). */
public record Ticker(
        String ticker,
        String name,
        String market,
        String locale,
        @JsonProperty("primary_exchange") String primaryExchange,
        String type,
        boolean active,
        @JsonProperty("currency_name") String currencyName,
        String cik) {
}
