package dev.freshet.simulator.polygon;

import static dev.freshet.simulator.market.Numbers.ceil2;
import static dev.freshet.simulator.market.Numbers.floor2;
import static dev.freshet.simulator.market.Numbers.round4;

import dev.freshet.simulator.market.Company;
import dev.freshet.simulator.market.PriceModel;
import dev.freshet.simulator.market.Seeds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Aggregate bars. The simulated market trades 24/7: every minute has a bar, whose open is the previous minute's
 * price and whose close is the minute's price (the quote's price). Only complete bars are served: a bar appears once
 * its last minute has passed, so nothing from the future is ever returned. Larger bars are built from minute bars,
 * aligned to the epoch (hours on the hour, days on UTC midnight).
 */
public final class Bars {

    private static final long MILLIS_PER_MINUTE = 60_000;

    private Bars() {
    }

    public static AggregateBar minuteBar(String ticker, long epochMinute) {
        return new MinuteBars(ticker).bar(epochMinute);
    }

    public static Aggregates aggregates(AggsQuery query, Instant now) {
        MinuteBars minuteBars = new MinuteBars(query.ticker());
        long size = query.bucketMinutes();
        long nowMinute = PriceModel.epochMinute(now);
        long firstStart = Math.ceilDiv(Math.ceilDiv(query.fromMillis(), MILLIS_PER_MINUTE), size) * size;
        long lastByRange = Math.floorDiv(Math.floorDiv(query.toMillis(), MILLIS_PER_MINUTE), size) * size;
        long lastComplete = Math.floorDiv(nowMinute - size, size) * size;
        long lastStart = Math.min(lastByRange, lastComplete);

        List<AggregateBar> results = new ArrayList<>();
        int minutesRead = 0;
        String nextPath = null;
        long step = query.ascending() ? size : -size;
        for (long start = query.ascending() ? firstStart : lastStart;
                start >= firstStart && start <= lastStart;
                start += step) {
            if (minutesRead + size > query.limit()) {
                nextPath = query.ascending()
                        ? query.pathFor(start * MILLIS_PER_MINUTE, query.toMillis())
                        : query.pathFor(query.fromMillis(), (start + size) * MILLIS_PER_MINUTE - 1);
                break;
            }
            results.add(minuteBars.combine(start, size));
            minutesRead += (int) size;
        }
        String requestId = requestId(query, now);
        if (results.isEmpty()) {
            return Aggregates.empty(query.ticker(), query.adjusted(), requestId);
        }
        return new Aggregates(query.ticker(), minutesRead, results.size(), query.adjusted(), results, "OK",
                requestId, results.size(), nextPath);
    }

    /** Polygon's ids look random; this one is a hash so the whole body stays deterministic within a minute. */
    public static String requestId(AggsQuery query, Instant now) {
        long hash = Seeds.mix(Seeds.of(query.toString()), PriceModel.epochMinute(now));
        return String.format("%016x%016x", hash, Seeds.mix(hash, "request-id"));
    }

    /** Minute bars of one ticker, with the per-symbol hashing done once. */
    private static final class MinuteBars {

        private final PriceModel prices;
        private final long seed;
        private final double averageVolumePerMinute;

        MinuteBars(String ticker) {
            this.prices = PriceModel.of(ticker);
            this.seed = Seeds.of(ticker, "bar");
            this.averageVolumePerMinute = Company.of(ticker).averageVolume() / (24.0 * 60);
        }

        AggregateBar bar(long minute) {
            double open = prices.price(minute - 1);
            double close = prices.price(minute);
            long barSeed = Seeds.mix(seed, minute);
            double high = ceil2(Math.max(open, close) * (1 + 0.0015 * Seeds.unit(Seeds.mix(barSeed, "high"))));
            double low = floor2(Math.min(open, close) * (1 - 0.0015 * Seeds.unit(Seeds.mix(barSeed, "low"))));
            long volume = Math.max(1, Math.round(averageVolumePerMinute
                    * Seeds.between(Seeds.mix(barSeed, "volume"), 0.3, 1.7)));
            int transactions = (int) Math.max(1, volume / Seeds.between(Seeds.mix(barSeed, "trade-size"), 50, 150));
            return new AggregateBar(volume, round4((high + low + close) / 3), open, close, high, low,
                    minute * MILLIS_PER_MINUTE, transactions);
        }

        AggregateBar combine(long startMinute, long minutes) {
            if (minutes == 1) {
                return bar(startMinute);
            }
            AggregateBar first = bar(startMinute);
            double high = first.high();
            double low = first.low();
            long volume = 0;
            double notional = 0;
            long transactions = 0;
            AggregateBar last = first;
            for (long m = startMinute; m < startMinute + minutes; m++) {
                AggregateBar bar = m == startMinute ? first : bar(m);
                high = Math.max(high, bar.high());
                low = Math.min(low, bar.low());
                volume += bar.volume();
                notional += bar.volumeWeightedPrice() * bar.volume();
                transactions += bar.transactions();
                last = bar;
            }
            return new AggregateBar(volume, round4(notional / volume), first.open(), last.close(), high, low,
                    startMinute * MILLIS_PER_MINUTE, (int) Math.min(Integer.MAX_VALUE, transactions));
        }
    }
}
