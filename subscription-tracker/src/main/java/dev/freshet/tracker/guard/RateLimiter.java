package dev.freshet.tracker.guard;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.freshet.tracker.config.TrackerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * A token bucket per client, in the memory of this instance: with N replicas behind a balancer a
 * client may get up to N times the rate. That is the accepted trade for not touching the database
 * on every request.
 * <p>
 * The buckets are bounded ({@code rate-limit.max-clients}): past it Caffeine evicts by frequency and
 * recency (W-TinyLFU), so a flood of one-off keys evicts one another rather than the bucket of a
 * client calling all the time, and memory does not grow with the number of keys ever seen. A bucket
 * left alone until it is full again is dropped as well: a new one is the same.
 */
@ApplicationScoped
public class RateLimiter {

    private final double perSecond;
    private final int burst;
    private final Cache<String, Bucket> buckets;
    private final Counter evictions;

    @Inject
    public RateLimiter(TrackerConfig config, MeterRegistry meters) {
        this(config.rateLimit().requestsPerSecond(), config.rateLimit().burst(), config.rateLimit().maxClients(), meters, null);
    }

    /** With an executor for the cache's maintenance (tests run it on the calling thread); null: the common pool. */
    RateLimiter(double perSecond, int burst, long maxClients, MeterRegistry meters, Executor maintenance) {
        this.perSecond = perSecond;
        this.burst = Math.max(1, burst);
        this.evictions = Counter.builder("freshet_tracker_rate_limit_evictions_total")
                .description("Rate-limit buckets dropped because rate-limit.max-clients was reached").register(meters);
        Duration refill = Duration.ofMillis(perSecond <= 0 ? 1000 : Math.max(1000, (long) Math.ceil(this.burst / perSecond * 1000)));
        Caffeine<Object, Object> builder = Caffeine.newBuilder()
                .maximumSize(Math.max(1, maxClients))
                .expireAfterAccess(refill);
        if (maintenance != null) {
            builder.executor(maintenance);
        }
        this.buckets = builder.<String, Bucket>removalListener((key, bucket, cause) -> {
            if (cause == RemovalCause.SIZE) {
                evictions.increment();
            }
        }).build();
        Gauge.builder("freshet_tracker_rate_limit_buckets", buckets, Cache::estimatedSize)
                .description("Rate-limit buckets held in memory (at most rate-limit.max-clients)").register(meters);
    }

    /** Empty when the request may go ahead, otherwise how long the client should wait. */
    public Optional<Duration> acquire(String client) {
        return acquire(client, 1);
    }

    /** Like {@link #acquire(String)} for a call that costs a share of a token (a shared, larger bucket). */
    public Optional<Duration> acquire(String client, double cost) {
        if (perSecond <= 0) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        Bucket b = buckets.get(client, c -> new Bucket(burst, now));
        synchronized (b) {
            b.tokens = Math.min(burst, b.tokens + (now - b.last) / 1e9 * perSecond);
            b.last = now;
            if (b.tokens >= cost) {
                b.tokens -= cost;
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos((long) ((cost - b.tokens) / perSecond * 1e9)));
        }
    }

    /** Buckets held now (after pending maintenance). */
    long size() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    private static final class Bucket {
        double tokens;
        long last;

        Bucket(double tokens, long last) {
            this.tokens = tokens;
            this.last = last;
        }
    }
}
