package dev.freshet.simulator.fmp;

import static dev.freshet.simulator.market.Numbers.ceil2;
import static dev.freshet.simulator.market.Numbers.floor2;
import static dev.freshet.simulator.market.Numbers.round2;

import dev.freshet.simulator.market.Company;
import dev.freshet.simulator.market.Numbers;
import dev.freshet.simulator.market.PriceModel;
import dev.freshet.simulator.market.Seeds;
import java.time.Instant;

/**
 * Quotes as of a minute. The simulated market trades around the clock and its "day" is the UTC day, matching the
 * Polygon bars: {@code open} is the price of the day's first minute, {@code previousClose} that of the previous day's
 * last minute. {@code timestamp} is the start of the minute, which keeps the whole body constant within a minute.
 */
public final class Quotes {

    private static final long MINUTES_PER_DAY = 24 * 60;
    // Margin past the price model's reach, so the year's range always brackets the day's.
    private static final double YEAR_RANGE_MARGIN = PriceModel.MAX_DRIFT + 0.01;

    private Quotes() {
    }

    public static Quote quote(String symbol, Instant at) {
        Company company = Company.of(symbol);
        long minute = PriceModel.epochMinute(at);
        long dayStart = Math.floorDiv(minute, MINUTES_PER_DAY) * MINUTES_PER_DAY;
        long daySeed = Seeds.mix(Seeds.of(symbol, "quote-day"), dayStart);
        double base = PriceModel.basePrice(symbol);

        double price = PriceModel.priceAt(symbol, minute);
        double open = PriceModel.priceAt(symbol, dayStart);
        double previousClose = PriceModel.priceAt(symbol, dayStart - 1);
        double change = round2(price - previousClose);
        double dayLow = floor2(Math.min(open, price) * (1 - 0.004 * Seeds.unit(Seeds.mix(daySeed, "low"))));
        double dayHigh = ceil2(Math.max(open, price) * (1 + 0.004 * Seeds.unit(Seeds.mix(daySeed, "high"))));
        double dayFraction = (minute - dayStart + 1) / (double) MINUTES_PER_DAY;
        long volume = Math.round(company.averageVolume() * dayFraction
                * Seeds.between(Seeds.mix(daySeed, "volume"), 0.8, 1.2));

        return new Quote(
                symbol,
                company.name(),
                price,
                Numbers.round4(change / previousClose * 100),
                change,
                volume,
                dayLow,
                dayHigh,
                yearHigh(symbol),
                yearLow(symbol),
                Math.round(price * company.sharesOutstanding()),
                round2(base * Seeds.between(Seeds.of(symbol, "avg-50"), 0.97, 1.03)),
                round2(base * Seeds.between(Seeds.of(symbol, "avg-200"), 0.95, 1.05)),
                company.exchange(),
                open,
                previousClose,
                minute * 60);
    }

    static double yearHigh(String symbol) {
        double extra = Seeds.between(Seeds.of(symbol, "year-high"), 0, 0.05);
        return ceil2(PriceModel.basePrice(symbol) * (1 + YEAR_RANGE_MARGIN + extra));
    }

    static double yearLow(String symbol) {
        double extra = Seeds.between(Seeds.of(symbol, "year-low"), 0, 0.05);
        return floor2(PriceModel.basePrice(symbol) * (1 - YEAR_RANGE_MARGIN - extra));
    }
}
