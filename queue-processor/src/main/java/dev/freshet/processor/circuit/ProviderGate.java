package dev.freshet.processor.circuit;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one place that decides whether a provider may be called: the breaker, the 429 throttle and
 * the shutdown pause. The claim asks it which providers to leave alone; the runner makes each call
 * through it, and the call's verdict feeds the breaker and the throttle.
 */
@ApplicationScoped
public class ProviderGate {

    private final ProviderCircuits circuits;
    private final ProviderThrottle throttle;
    private volatile boolean paused;

    public ProviderGate(ProviderCircuits circuits, ProviderThrottle throttle) {
        this.circuits = circuits;
        this.throttle = throttle;
    }

    /** No call starts any more (shutdown): jobs that have not called yet are given back. */
    public void pause() {
        paused = true;
    }

    /** Providers the claim must leave alone now: open circuits and throttled providers. */
    public List<String> closedProviders() {
        Set<String> skip = new HashSet<>(circuits.open());
        skip.addAll(throttle.throttled());
        return List.copyOf(skip);
    }

    /**
     * Makes one call of the provider, or answers {@code refused} with the reason when it must not
     * start now (shutdown, an open circuit, a half-open one whose probe is already out).
     */
    public <T> Uni<T> call(String provider, Supplier<Uni<T>> work, Function<T, ProviderVerdict> verdictOf,
                           Function<String, Uni<T>> refused) {
        if (paused) {
            return refused.apply("released at shutdown");
        }
        Function<T, ProviderVerdict> reported = item -> {
            ProviderVerdict verdict = verdictOf.apply(item);
            if (verdict.throttledUntil() != null) {
                throttle.throttle(provider, verdict.throttledUntil());
            }
            return verdict;
        };
        return circuits.call(provider, work, reported, () -> refused.apply("circuit of provider " + provider + " is open"));
    }
}
