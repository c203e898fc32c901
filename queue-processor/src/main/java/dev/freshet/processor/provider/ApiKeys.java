package dev.freshet.processor.provider;

import org.eclipse.microprofile.config.Config;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;
import java.util.Optional;

/**
 * Provider API keys from the environment ({@code FRESHET_PROVIDER_<NAME>_API_KEY}, the name upper-cased
 * with '-' as '_'). Never stored in the registry, never logged: {@link #redact} scrubs them from text.
 */
@ApplicationScoped
public class ApiKeys {

    private final Config config;

    public ApiKeys(Config config) {
        this.config = config;
    }

    public static String variable(String provider) {
        return "FRESHET_PROVIDER_" + provider.toUpperCase(Locale.ROOT).replace('-', '_') + "_API_KEY";
    }

    public Optional<String> key(String provider) {
        return config.getOptionalValue(variable(provider), String.class).filter(k -> !k.isBlank());
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
