package dev.freshet.processor.circuit;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one place that decides whether a provider may be called: the breaker, the 429 throttle and
 * the shutdown pause. The claim asks it which providers to leave alone, the runner asks it before
 * each call and reports each call's verdict back to it.
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
     * Why a call to the provider must not start now, or empty when it may (taking the half-open
     * probe when that is the one allowed).
     */
    public Optional<String> refusal(String provider) {
        if (paused) {
            return Optional.of("released at shutdown");
        }
        if (!circuits.tryAcquire(provider)) {
            return Optional.of("circuit of provider " + provider + " is open");
        }
        return Optional.empty();
    }

    public void report(String provider, ProviderVerdict verdict) {
        if (verdict.throttledUntil() != null) {
            throttle.throttle(provider, verdict.throttledUntil());
        }
        switch (verdict.kind()) {
            case FAULT -> circuits.onFault(provider, verdict.faultError());
            case HEALTHY -> circuits.onSuccess(provider);
            case NEUTRAL -> circuits.onNeutral(provider);
        }
    }
}
