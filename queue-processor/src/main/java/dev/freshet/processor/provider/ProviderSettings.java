package dev.freshet.processor.provider;

import java.time.Duration;

/** A provider's runtime limits from provider_quotas (the budget itself is enforced by the claim). */
public record ProviderSettings(String provider, int maxConcurrency, Duration requestTimeout) {

    public static ProviderSettings defaults(String provider) {
        return new ProviderSettings(provider, 8, Duration.ofSeconds(10));
    }
}
