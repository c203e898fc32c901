package dev.freshet.processor.circuit;

import java.time.Instant;

/**
 * What one call taught about its provider: a fault (feeds the breaker), a healthy answer (closes
 * it), or nothing; and, after a 429, until when the provider is not to be claimed from.
 */
public record ProviderVerdict(Kind kind, String faultError, Instant throttledUntil) {

    public enum Kind { FAULT, HEALTHY, NEUTRAL }

    public static final ProviderVerdict NEUTRAL = new ProviderVerdict(Kind.NEUTRAL, null, null);
}
