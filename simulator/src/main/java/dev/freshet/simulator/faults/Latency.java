package dev.freshet.simulator.faults;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.random.RandomGenerator;

/**
 * Delay before answering, as one of three shapes:
 * {@code {"type":"fixed","ms":200}}, {@code {"type":"uniform","minMs":50,"maxMs":150}} or
 * {@code {"type":"lognormal","medianMs":40,"p99Ms":400}} (a long right tail, like real API latency).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Latency.Fixed.class, name = "fixed"),
        @JsonSubTypes.Type(value = Latency.Uniform.class, name = "uniform"),
        @JsonSubTypes.Type(value = Latency.LogNormal.class, name = "lognormal")})
public sealed interface Latency {

    /** Longest delay any shape produces, so a log-normal tail cannot stall a test run. */
    long MAX_MS = 60_000;

    long sampleMillis(RandomGenerator random);

    static Latency fixed(long ms) {
        return new Fixed(ms);
    }

    static Latency uniform(long minMs, long maxMs) {
        return new Uniform(minMs, maxMs);
    }

    static Latency logNormal(long medianMs, long p99Ms) {
        return new LogNormal(medianMs, p99Ms);
    }

    record Fixed(long ms) implements Latency {
        public Fixed {
            Validation.require(ms >= 0 && ms <= MAX_MS, "latency ms must be between 0 and " + MAX_MS);
        }

        @Override
        public long sampleMillis(RandomGenerator random) {
            return ms;
        }
    }

    record Uniform(long minMs, long maxMs) implements Latency {
        public Uniform {
            Validation.require(minMs >= 0 && minMs <= maxMs && maxMs <= MAX_MS,
                    "uniform latency needs 0 <= minMs <= maxMs <= " + MAX_MS);
        }

        @Override
        public long sampleMillis(RandomGenerator random) {
            return minMs == maxMs ? minMs : random.nextLong(minMs, maxMs + 1);
        }
    }

    record LogNormal(long medianMs, long p99Ms) implements Latency {
        // The standard normal's 99th percentile: p99 = median * exp(sigma * Z99).
        private static final double Z99 = 2.326348;

        public LogNormal {
            Validation.require(medianMs > 0 && medianMs <= p99Ms && p99Ms <= MAX_MS,
                    "lognormal latency needs 0 < medianMs <= p99Ms <= " + MAX_MS);
        }

        @Override
        public long sampleMillis(RandomGenerator random) {
            double sigma = Math.log((double) p99Ms / medianMs) / Z99;
            double sample = medianMs * Math.exp(sigma * random.nextGaussian());
            return Math.min(MAX_MS, Math.round(sample));
        }
    }
}
