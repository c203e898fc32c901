package dev.freshet.simulator.faults;

import dev.freshet.simulator.market.Seeds;
import java.time.Clock;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns the installed knobs into a decision for each request. Counters and random streams belong to one installation
 * of knobs (a "generation"): installing knobs starts every burst, every-Nth count and seeded sequence afresh, and
 * releases requests still hanging under the previous knobs.
 */
public final class FaultEngine implements AutoCloseable {

    private final Clock clock;
    private volatile Generation current;

    /** @param clock times the bursts that last some seconds (the simulator's clock, so tests move it instead of sleeping) */
    public FaultEngine(Knobs knobs, Clock clock) {
        this.clock = clock;
        this.current = new Generation(knobs, clock);
    }

    public Knobs knobs() {
        return current.knobs;
    }

    public void install(Knobs knobs) {
        Generation previous;
        synchronized (this) {
            previous = current;
            current = new Generation(knobs, clock);
        }
        previous.release();
    }

    public RequestPlan plan(String endpoint) {
        return current.plan(endpoint);
    }

    @Override
    public void close() {
        current.release();
    }

    /** What to do to one request, decided when it arrives. */
    public record RequestPlan(
            long latencyMillis,
            Hang hang,
            Integer retryAfterSeconds,
            Integer errorStatus,
            Faults faults,
            Generation generation) {

        public boolean rateLimited() {
            return retryAfterSeconds != null;
        }

        /**
         * Sleeps through the hang, if any. Returns false when the request must be dropped without an answer
         * (a forever-hang that was released).
         */
        public boolean sitOutHang() throws InterruptedException {
            if (hang == null) {
                return true;
            }
            if (hang.forever()) {
                generation.released.await();
                return false;
            }
            generation.released.await(hang.ms(), TimeUnit.MILLISECONDS);
            return true;
        }
    }

    public static final class Generation {

        private static final String GLOBAL = "global";

        private final Knobs knobs;
        private final Clock clock;
        private final Instant installedAt;
        private final CountDownLatch released = new CountDownLatch(1);
        private final ConcurrentHashMap<String, AtomicLong> counters = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<String, Random> randoms = new ConcurrentHashMap<>();

        private Generation(Knobs knobs, Clock clock) {
            this.knobs = knobs;
            this.clock = clock;
            this.installedAt = clock.instant();
        }

        private void release() {
            released.countDown();
        }

        private RequestPlan plan(String endpoint) {
            Faults faults = knobs.effective(endpoint);
            long latency = faults.latency() == null ? 0
                    : faults.latency().sampleMillis(random("latency", knobs.scopeOf(endpoint, Faults::latency)));
            Hang hang = hangs(endpoint, faults.hang()) ? faults.hang() : null;
            Integer retryAfter = rateLimited(endpoint, faults.rateLimit())
                    ? faults.rateLimit().effectiveRetryAfterSeconds() : null;
            Integer errorStatus = retryAfter == null && fails(endpoint, faults.errors())
                    ? faults.errors().effectiveStatus() : null;
            return new RequestPlan(latency, hang, retryAfter, errorStatus, faults, this);
        }

        private boolean hangs(String endpoint, Hang hang) {
            if (hang == null) {
                return false;
            }
            return hang.requests() == null
                    || counter("hang", knobs.scopeOf(endpoint, Faults::hang)).getAndIncrement() < hang.requests();
        }

        private boolean rateLimited(String endpoint, RateLimitBurst burst) {
            if (burst == null) {
                return false;
            }
            if (burst.seconds() != null && !clock.instant().isBefore(installedAt.plusSeconds(burst.seconds()))) {
                return false;
            }
            return burst.requests() == null || counter("rate-limit", knobs.scopeOf(endpoint, Faults::rateLimit))
                    .getAndIncrement() < burst.requests();
        }

        private boolean fails(String endpoint, ErrorInjection errors) {
            if (errors == null) {
                return false;
            }
            String scope = knobs.scopeOf(endpoint, Faults::errors);
            if (errors.everyNth() != null) {
                return counter("errors", scope).incrementAndGet() % errors.everyNth() == 0;
            }
            return random("errors", scope).nextDouble() < errors.rate();
        }

        private AtomicLong counter(String fault, String scope) {
            return counters.computeIfAbsent(fault + "@" + scope, key -> new AtomicLong());
        }

        private Random random(String fault, String scope) {
            return randoms.computeIfAbsent(fault + "@" + scope,
                    key -> new Random(Seeds.mix(knobs.effectiveSeed(), key)));
        }
    }
}
