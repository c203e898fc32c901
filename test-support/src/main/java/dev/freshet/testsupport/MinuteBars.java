package dev.freshet.testsupport;

import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;

/**
 * The 1-minute bars {@link PolygonStub} serves: a pure function of symbol and minute, so a test can
 * compare what was stored with what was served. Prices have two decimals so they compare exactly.
 */
public final class MinuteBars {

    public static final long MINUTE_MS = 60_000;

    private MinuteBars() {
    }

    public record Bar(long startMillis, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close, long volume,
               BigDecimal vwap, int trades) {

        public JsonObject json() {
            return new JsonObject().put("v", volume).put("vw", vwap).put("o", open).put("c", close)
                    .put("h", high).put("l", low).put("t", startMillis).put("n", trades);
        }
    }

    public static Bar bar(String symbol, long epochMinute) {
        BigDecimal open = price(symbol, epochMinute - 1);
        BigDecimal close = price(symbol, epochMinute);
        BigDecimal high = open.max(close).add(new BigDecimal("0.05"));
        BigDecimal low = open.min(close).subtract(new BigDecimal("0.05"));
        long volume = 1000 + Math.floorMod(mix(symbol, epochMinute, 7), 500);
        BigDecimal vwap = high.add(low).add(close).divide(BigDecimal.valueOf(3), 2, java.math.RoundingMode.HALF_UP);
        return new Bar(epochMinute * MINUTE_MS, open, high, low, close, volume, vwap, (int) (volume / 10));
    }

    private static BigDecimal price(String symbol, long epochMinute) {
        return BigDecimal.valueOf(10_000 + Math.floorMod(mix(symbol, epochMinute, 1), 10_000), 2);
    }

    private static long mix(String symbol, long minute, long salt) {
        long h = symbol.hashCode() * 0x9E3779B97F4A7C15L + minute * 0xC2B2AE3D27D4EB4FL + salt;
        h ^= h >>> 31;
        h *= 0x94D049BB133111EBL;
        return h ^ (h >>> 29);
    }
}
