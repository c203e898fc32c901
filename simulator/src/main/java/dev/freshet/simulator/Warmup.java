package dev.freshet.simulator;

import dev.freshet.simulator.faults.Knobs;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Loads Jackson and builds the serialisers of every answer type in the background, once per JVM. A cold Jackson
 * takes a few hundred milliseconds; doing it off the start-up path keeps {@link Simulator#start(int)} fast and
 * spares the first real request most of that wait.
 */
final class Warmup {

    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final Instant SOME_MINUTE = Instant.parse("2025-01-02T15:30:00Z");

    private Warmup() {
    }

    static void startOnce() {
        if (STARTED.compareAndSet(false, true)) {
            Thread.ofVirtual().name("simulator-warmup").start(Warmup::serialiseOneOfEach);
        }
    }

    private static void serialiseOneOfEach() {
        String symbol = "WARM";
        Json.bytes(MarketData.quote(symbol, SOME_MINUTE));
        Json.bytes(MarketData.profile(symbol, SOME_MINUTE));
        Json.bytes(MarketData.incomeStatements(symbol, 1, SOME_MINUTE));
        Json.bytes(MarketData.ratiosTtm(symbol, SOME_MINUTE));
        Json.bytes(MarketData.dividends(symbol, 1, SOME_MINUTE));
        Json.bytes(MarketData.sharesFloat(symbol, SOME_MINUTE));
        Json.bytes(MarketData.revenueProductSegmentation(symbol, 1, SOME_MINUTE));
        Json.bytes(MarketData.gradesHistorical(symbol, 1, SOME_MINUTE));
        Json.bytes(MarketData.exchangeVariants(symbol, SOME_MINUTE));
        Json.bytes(MarketData.availableExchanges());
        Json.bytes(MarketData.marketHours(SOME_MINUTE));
        Json.bytes(MarketData.minuteBars(symbol, SOME_MINUTE.minusSeconds(120), SOME_MINUTE, 2, SOME_MINUTE));
        Knobs.fromJson(Knobs.none().toJson());
    }
}
