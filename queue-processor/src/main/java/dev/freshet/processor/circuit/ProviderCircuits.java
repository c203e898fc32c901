package dev.freshet.processor.circuit;

import dev.freshet.processor.config.ProcessorConfig;
import dev.freshet.processor.config.InstanceId;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A circuit breaker per provider. Consecutive faults (5xx, timeouts, connection errors) open it:
 * the provider's jobs are then not claimed, and claimed ones are released without spending an
 * attempt. After the open period one probe call is let through (half-open); its success closes the
 * circuit, its fault opens it again. 429s and permanent errors say nothing about the provider's
 * health and leave the circuit as it is. Time comes from the injected clock.
 */
@ApplicationScoped
public class ProviderCircuits {

    private static final Logger LOG = Logger.getLogger(ProviderCircuits.class);

    private final Clock clock;
    private final Pool pool;
    private final String instanceId;
    private final int threshold;
    private final Duration openFor;
    private final Map<String, Circuit> circuits = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final Map<String, AtomicInteger> gauges = new ConcurrentHashMap<>();

    public ProviderCircuits(Clock clock, Pool pool, InstanceId instanceId, ProcessorConfig config, MeterRegistry meters) {
        this.clock = clock;
        this.pool = pool;
        this.instanceId = instanceId.value();
        this.threshold = config.processor().circuit().failureThreshold();
        this.openFor = config.processor().circuit().openFor();
        this.meters = meters;
    }

    private final class Circuit {
        final String provider;
        CircuitState state = CircuitState.CLOSED;
        int consecutiveFaults;
        Instant openUntil;
        boolean probing;

        Circuit(String provider) {
            this.provider = provider;
            gauge(provider).set(CircuitState.CLOSED.gaugeValue());
        }

        void refresh() {
            if (state == CircuitState.OPEN && !clock.instant().isBefore(openUntil)) {
                move(this, CircuitState.HALF_OPEN, null);
            }
        }
    }

    private Circuit circuit(String provider) {
        return circuits.computeIfAbsent(provider, Circuit::new);
    }

    /** Whether the provider's jobs may be claimed now (closed or half-open). */
    public boolean claimable(String provider) {
        Circuit c = circuits.get(provider);
        if (c == null) {
            return true;
        }
        synchronized (c) {
            c.refresh();
            return c.state != CircuitState.OPEN;
        }
    }

    /** Providers whose jobs must not be claimed now. */
    public List<String> open() {
        return circuits.keySet().stream().filter(p -> !claimable(p)).toList();
    }

    public CircuitState state(String provider) {
        Circuit c = circuit(provider);
        synchronized (c) {
            c.refresh();
            return c.state;
        }
    }

    /** Asks to call the provider: always when closed, never when open, once (the probe) when half-open. */
    public boolean tryAcquire(String provider) {
        Circuit c = circuit(provider);
        synchronized (c) {
            c.refresh();
            return switch (c.state) {
                case CLOSED -> true;
                case OPEN -> false;
                case HALF_OPEN -> {
                    if (c.probing) {
                        yield false;
                    }
                    c.probing = true;
                    yield true;
                }
            };
        }
    }

    public void onSuccess(String provider) {
        Circuit c = circuit(provider);
        synchronized (c) {
            c.consecutiveFaults = 0;
            if (c.state == CircuitState.HALF_OPEN) {
                c.probing = false;
                move(c, CircuitState.CLOSED, null);
            }
        }
    }

    public void onFault(String provider, String error) {
        Circuit c = circuit(provider);
        synchronized (c) {
            c.consecutiveFaults++;
            if (c.state == CircuitState.HALF_OPEN || (c.state == CircuitState.CLOSED && c.consecutiveFaults >= threshold)) {
                c.probing = false;
                c.openUntil = clock.instant().plus(openFor);
                move(c, CircuitState.OPEN, error);
            }
        }
    }

    /** A call that ended without a verdict on the provider's health (429, permanent error). */
    public void onNeutral(String provider) {
        Circuit c = circuit(provider);
        synchronized (c) {
            c.probing = false;
        }
    }

    /** One gauge per provider that outlives {@link #reset()}: 0 closed, 1 half-open, 2 open. */
    private AtomicInteger gauge(String provider) {
        return gauges.computeIfAbsent(provider, p -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("freshet_circuit_state", value, AtomicInteger::get)
                    .description("0 closed, 1 half-open, 2 open").tag("provider", p).register(meters);
            return value;
        });
    }

    private void move(Circuit c, CircuitState to, String error) {
        CircuitState from = c.state;
        c.state = to;
        gauge(c.provider).set(to.gaugeValue());
        Instant now = clock.instant();
        if (to == CircuitState.OPEN) {
            LOG.warnf("circuit of provider %s %s -> open until %s after: %s", c.provider, from.sql(), c.openUntil, error);
        } else {
            LOG.infof("circuit of provider %s %s -> %s", c.provider, from.sql(), to.sql());
        }
        pool.preparedQuery(CircuitSql.PUBLISH_STATE)
                .execute(Tuple.from(new Object[]{c.provider, instanceId, to.sql(), now.atOffset(ZoneOffset.UTC),
                        to == CircuitState.OPEN ? c.openUntil.atOffset(ZoneOffset.UTC) : null, error}))
                .subscribe().with(ok -> { }, e -> LOG.warnf("could not publish circuit state of %s: %s", c.provider, e.getMessage()));
    }

    /** Forgets every circuit (tests and operators' reset). */
    public void reset() {
        circuits.clear();
    }
}
