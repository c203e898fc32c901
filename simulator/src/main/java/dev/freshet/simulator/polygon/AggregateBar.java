package dev.freshet.simulator.polygon;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One Polygon aggregate bar; {@code t} is the bar's start in unix milliseconds. Always l ≤ o, c ≤ h, all > 0. */
public record AggregateBar(
        @JsonProperty("v") long volume,
        @JsonProperty("vw") double volumeWeightedPrice,
        @JsonProperty("o") double open,
        @JsonProperty("c") double close,
        @JsonProperty("h") double high,
        @JsonProperty("l") double low,
        @JsonProperty("t") long startMillis,
        @JsonProperty("n") int transactions) {
}
