package dev.freshet.simulator.market;

import java.time.Instant;

/**
 * The price of a symbol as a pure function of (symbol, minute): a hash-seeded base price between 10 and 900 with
 * three bounded waves layered on it (monthly, daily, about hourly) plus a tiny per-minute jitter. The total drift
 * stays within {@link #MAX_DRIFT}, so derived values such as the year's high and low always bracket the price.
 */
public final class PriceModel {

    public static final double MIN_BASE = 10.0;
    public static final double MAX_BASE = 900.0;
    /** Largest relative distance from the base price that the waves and jitter together can reach. */
    public static final double MAX_DRIFT = 0.095;

    private static final double TWO_PI = 2 * Math.PI;
    private static final double MINUTES_PER_MONTH = 30.0 * 24 * 60;
    private static final double MINUTES_PER_DAY = 24.0 * 60;
    private static final double SHORT_WAVE_MINUTES = 97.0;

    private final double base;
    private final long jitterSeed;
    private final double monthlyPhase;
    private final double dailyPhase;
    private final double shortPhase;

    private PriceModel(String symbol) {
        this.base = basePrice(symbol);
        long seed = Seeds.of(symbol, "price-phase");
        this.jitterSeed = Seeds.mix(seed, "jitter");
        this.monthlyPhase = Seeds.unit(Seeds.mix(seed, 1)) * TWO_PI;
        this.dailyPhase = Seeds.unit(Seeds.mix(seed, 2)) * TWO_PI;
        this.shortPhase = Seeds.unit(Seeds.mix(seed, 3)) * TWO_PI;
    }

    /** The model for one symbol, with its hashes computed once: cheaper when pricing many minutes. */
    public static PriceModel of(String symbol) {
        return new PriceModel(symbol);
    }

    /** The traded price during the given minute; also the close of that minute's aggregate bar. */
    public double price(long epochMinute) {
        double monthly = 0.05 * Math.sin(TWO_PI * epochMinute / MINUTES_PER_MONTH + monthlyPhase);
        double daily = 0.03 * Math.sin(TWO_PI * epochMinute / MINUTES_PER_DAY + dailyPhase);
        double shortWave = 0.01 * Math.sin(TWO_PI * epochMinute / SHORT_WAVE_MINUTES + shortPhase);
        double jitter = 0.004 * (Seeds.unit(Seeds.mix(jitterSeed, epochMinute)) - 0.5);
        return Numbers.round2(base * (1 + monthly + daily + shortWave + jitter));
    }

    public static double priceAt(String symbol, long epochMinute) {
        return of(symbol).price(epochMinute);
    }

    public static double priceAt(String symbol, Instant at) {
        return priceAt(symbol, epochMinute(at));
    }

    public static double basePrice(String symbol) {
        return Numbers.round2(Seeds.between(Seeds.of(symbol, "base-price"), MIN_BASE, MAX_BASE));
    }

    public static long epochMinute(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), 60);
    }

    public static Instant minuteStart(long epochMinute) {
        return Instant.ofEpochSecond(epochMinute * 60);
    }
}
