package dev.freshet.processor.circuit;

import dev.freshet.processor.config.InstanceId;
import dev.freshet.processor.config.ProcessorConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A circuit breaker per provider, SmallRye Fault Tolerance's: `failure-threshold` faults in a row
 * (5xx, timeouts, connection errors) open it; the provider's jobs are then not claimed, and claimed
 * ones are released without spending an attempt. After the open period one probe call is let
 * through (half-open); its success closes the circuit, its fault opens it again. Any other answer
 * (a 429, a permanent error) counts as the provider having answered. Each change is published to
 * `provider_circuit_state` for operators and as the `freshet_circuit_state` gauge.
 */
@ApplicationScoped
public class ProviderCircuits {

    private static final Logger LOG = Logger.getLogger(ProviderCircuits.class);

    private final Clock clock;
    private final Pool pool;
    private final String instanceId;
    private final int threshold;
    private final Duration openFor;
    private final MeterRegistry meters;
    private final Map<String, Breaker> breakers = new ConcurrentHashMap<>();

    public ProviderCircuits(Clock clock, Pool pool, InstanceId instanceId, ProcessorConfig config, MeterRegistry meters) {
        this.clock = clock;
        this.pool = pool;
        this.instanceId = instanceId.value();
        this.threshold = config.processor().circuit().failureThreshold();
        this.openFor = config.processor().circuit().openFor();
        this.meters = meters;
    }

    /** The library's breaker of one provider and what it last said, for the claim and the operators. */
    private final class Breaker {
        final String provider;
        final Guard guard;
        final AtomicInteger gauge = new AtomicInteger(CircuitState.CLOSED.gaugeValue());
        volatile CircuitState state = CircuitState.CLOSED;
        volatile Instant openUntil = Instant.MIN;
        volatile String lastError;

        Breaker(String provider) {
            this.provider = provider;
            Gauge.builder("freshet_circuit_state", gauge, AtomicInteger::get)
                    .description("0 closed, 1 half-open, 2 open").tag("provider", provider).register(meters);
            // a window of `threshold` calls that must all fail: the same as that many faults in a row
            this.guard = Guard.create().withDescription("provider " + provider)
                    .withCircuitBreaker()
                    .requestVolumeThreshold(threshold).failureRatio(1.0).successThreshold(1)
                    .delay(openFor.toMillis(), ChronoUnit.MILLIS)
                    .failOn(ProviderFault.class)
                    .onStateChange(s -> moved(this, s))
                    .done().build();
        }
    }

    private Breaker breaker(String provider) {
        return breakers.computeIfAbsent(provider, Breaker::new);
    }

    /**
     * Runs one call of the provider through its breaker: `verdictOf` says whether what it returned
     * was a fault of the provider. When the breaker refuses the call, `refused` answers instead.
     */
    public <T> Uni<T> call(String provider, Supplier<Uni<T>> work, Function<T, ProviderVerdict> verdictOf, Supplier<Uni<T>> refused) {
        Breaker b = breaker(provider);
        Supplier<Uni<T>> judged = () -> work.get().invoke(item -> {
            ProviderVerdict verdict = verdictOf.apply(item);
            if (verdict.kind() == ProviderVerdict.Kind.FAULT) {
                b.lastError = verdict.faultError();
                throw new ProviderFault(item);
            }
        });
        return Uni.createFrom().deferred(() -> b.guard.get(judged, new TypeLiteral<Uni<T>>() { }))
                .onFailure(ProviderFault.class).recoverWithItem(e -> ProviderFault.<T>itemOf(e))
                .onFailure(CircuitBreakerOpenException.class).recoverWithUni(e -> refused.get());
    }

    /** Whether the provider's jobs may be claimed now: not while open, again once the open period is over (the probe). */
    public boolean claimable(String provider) {
        Breaker b = breakers.get(provider);
        return b == null || b.state != CircuitState.OPEN || !clock.instant().isBefore(b.openUntil);
    }

    /** Providers whose jobs must not be claimed now. */
    public List<String> open() {
        return breakers.keySet().stream().filter(p -> !claimable(p)).toList();
    }

    public CircuitState state(String provider) {
        Breaker b = breakers.get(provider);
        return b == null ? CircuitState.CLOSED : b.state;
    }

    private void moved(Breaker b, CircuitBreakerState to) {
        CircuitState from = b.state;
        CircuitState state = CircuitState.valueOf(to.name());
        Instant now = clock.instant();
        if (state == CircuitState.OPEN) {
            b.openUntil = now.plus(openFor);
        }
        b.state = state;
        b.gauge.set(state.gaugeValue());
        String error = state == CircuitState.OPEN ? b.lastError : null;
        if (state == CircuitState.OPEN) {
            LOG.warnf("circuit of provider %s %s -> open until %s after: %s", b.provider, from.sql(), b.openUntil, error);
        } else {
            LOG.infof("circuit of provider %s %s -> %s", b.provider, from.sql(), state.sql());
        }
        pool.preparedQuery(CircuitSql.PUBLISH_STATE)
                .execute(Tuple.from(new Object[]{b.provider, instanceId, state.sql(), now.atOffset(ZoneOffset.UTC),
                        state == CircuitState.OPEN ? b.openUntil.atOffset(ZoneOffset.UTC) : null, error}))
                .subscribe().with(ok -> { }, e -> LOG.warnf("could not publish circuit state of %s: %s", b.provider, e.getMessage()));
    }

    /** A call's answer that was a fault of the provider: fails the guarded call so the breaker counts it, and carries the answer past it. */
    private static final class ProviderFault extends RuntimeException {
        private final transient Object item;

        ProviderFault(Object item) {
            super(null, null, false, false);
            this.item = item;
        }

        @SuppressWarnings("unchecked")
        static <T> T itemOf(Throwable fault) {
            return (T) ((ProviderFault) fault).item;
        }
    }
}
