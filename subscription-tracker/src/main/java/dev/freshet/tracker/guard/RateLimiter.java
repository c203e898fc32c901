package dev.freshet.tracker.guard;

import dev.freshet.tracker.config.TrackerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per client, in the memory of this instance: with N replicas behind a balancer a
 * client may get up to N times the rate. That is the accepted trade for not touching the database
 * on every request.
 */
@ApplicationScoped
public class RateLimiter {

    private static final long IDLE_NANOS = Duration.ofMinutes(2).toNanos();

    private final double perSecond;
    private final int burst;
    private final Vertx vertx;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private long sweepTimer = -1;

    public RateLimiter(TrackerConfig config, Vertx vertx) {
        this.perSecond = config.rateLimit().requestsPerSecond();
        this.burst = Math.max(1, config.rateLimit().burst());
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        sweepTimer = vertx.setPeriodic(60_000, id -> sweep(System.nanoTime()));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (sweepTimer >= 0) {
            vertx.cancelTimer(sweepTimer);
        }
    }

    /** Empty when the request may go ahead, otherwise how long the client should wait. */
    public Optional<Duration> acquire(String client) {
        if (perSecond <= 0) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        Bucket b = buckets.computeIfAbsent(client, c -> new Bucket(burst, now));
        synchronized (b) {
            b.tokens = Math.min(burst, b.tokens + (now - b.last) / 1e9 * perSecond);
            b.last = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos((long) ((1 - b.tokens) / perSecond * 1e9)));
        }
    }

    void sweep(long now) {
        buckets.entrySet().removeIf(e -> now - e.getValue().last > IDLE_NANOS);
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
