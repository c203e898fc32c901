package dev.freshet.simulator.faults;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which way to break the price fields ({@code price}; Polygon's o/h/l/c/vw), to exercise sanity checks. */
public enum InsanePrice {
    /** The price negated. */
    @JsonProperty("negative")
    NEGATIVE,
    @JsonProperty("zero")
    ZERO,
    /** {@value #HUGE_PRICE}, beyond any listed share price. */
    @JsonProperty("huge")
    HUGE;

    public static final double HUGE_PRICE = 123_456.78;

    public double apply(double price) {
        return switch (this) {
            case NEGATIVE -> -Math.abs(price);
            case ZERO -> 0.0;
            case HUGE -> HUGE_PRICE;
        };
    }
}
