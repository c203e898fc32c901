package dev.freshet.simulator.market;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Stable 64-bit hashing. Every "random" value the simulator serves is a pure function of these hashes, so the same
 * symbol and minute give the same body in every JVM and on every machine (unlike {@code String.hashCode()} mixing
 * or {@code java.util.Random}, whose sequences would tie values to call order).
 */
public final class Seeds {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    public static long of(String text) {
        long hash = FNV_OFFSET;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        return finish(hash);
    }

    public static long of(String text, String salt) {
        return mix(of(text), of(salt));
    }

    public static long mix(long seed, long value) {
        return finish(seed ^ (value * GOLDEN_GAMMA + GOLDEN_GAMMA));
    }

    public static long mix(long seed, String salt) {
        return mix(seed, of(salt));
    }

    /** A double uniformly spread over [0, 1). */
    public static double unit(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }

    public static double between(long hash, double min, double max) {
        return min + unit(hash) * (max - min);
    }

    public static int between(long hash, int minInclusive, int maxInclusive) {
        return minInclusive + (int) Math.floorMod(hash, (long) maxInclusive - minInclusive + 1);
    }

    public static <T> T pick(long hash, List<T> options) {
        return options.get((int) Math.floorMod(hash, (long) options.size()));
    }

    /** SplitMix64 finaliser: spreads neighbouring inputs (minute n, n+1) to unrelated outputs. */
    private static long finish(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
