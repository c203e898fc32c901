package dev.freshet.processor.circuit;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A provider that answered 429 is not claimed from until its Retry-After has passed: the throttle
 * slows the claim rate without touching the circuit.
 */
@ApplicationScoped
public class ProviderThrottle {

    private final Clock clock;
    private final Map<String, Instant> until = new ConcurrentHashMap<>();

    public ProviderThrottle(Clock clock) {
        this.clock = clock;
    }

    public void throttle(String provider, Instant retryAt) {
        until.merge(provider, retryAt, (a, b) -> a.isAfter(b) ? a : b);
    }

    public List<String> throttled() {
        Instant now = clock.instant();
        until.values().removeIf(t -> !t.isAfter(now));
        return List.copyOf(until.keySet());
    }
}
