package dev.freshet.processor.provider;

import org.eclipse.microprofile.config.Config;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Provider API keys from the environment ({@code FRESHET_PROVIDER_<NAME>_API_KEY}, the name upper-cased
 * with '-' as '_'). Never stored in the registry, never logged: {@link #redact} scrubs them from text.
 */
@ApplicationScoped
public class ApiKeys {

    private final Config config;
    /** Looked up once per provider: the configuration does not change while the service runs, and every call needs the key. */
    private final Map<String, Optional<String>> byProvider = new ConcurrentHashMap<>();

    public ApiKeys(Config config) {
        this.config = config;
    }

    public static String variable(String provider) {
        return "FRESHET_PROVIDER_" + provider.toUpperCase(Locale.ROOT).replace('-', '_') + "_API_KEY";
    }

    public Optional<String> key(String provider) {
        return byProvider.computeIfAbsent(provider, p -> config.getOptionalValue(variable(p), String.class).filter(k -> !k.isBlank()));
    }

    /** The text with the provider's key (raw or URL-encoded) replaced by ***. */
    public String redact(String provider, String text) {
        if (text == null) {
            return null;
        }
        Optional<String> key = key(provider);
        if (key.isEmpty()) {
            return text;
        }
        String encoded = java.net.URLEncoder.encode(key.get(), java.nio.charset.StandardCharsets.UTF_8);
        return text.replace(key.get(), "***").replace(encoded, "***");
    }
}
