package dev.freshet.shared.handler;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Backoff of a data type's retries, from the optional {@code retry} object of its handler_config
 * ({@code baseSeconds}, {@code capSeconds}); the attempt count is the registry's max_attempts.
 */
public record RetrySettings(Duration base, Duration cap) {

    public static final RetrySettings DEFAULT = new RetrySettings(Duration.ofSeconds(1), Duration.ofSeconds(300));

    public static RetrySettings of(JsonObject handlerConfig) {
        List<String> problems = new ArrayList<>();
        RetrySettings s = parse(handlerConfig, problems);
        return problems.isEmpty() ? s : DEFAULT;
    }

    static RetrySettings parse(JsonObject config, List<String> problems) {
        Object r = config == null ? null : config.getValue("retry");
        if (r == null) {
            return DEFAULT;
        }
        if (!(r instanceof JsonObject retry)) {
            problems.add("handler_config.retry must be an object {baseSeconds, capSeconds}");
            return DEFAULT;
        }
        double base = seconds(retry, "baseSeconds", DEFAULT.base().toSeconds(), problems);
        double cap = seconds(retry, "capSeconds", DEFAULT.cap().toSeconds(), problems);
        if (cap < base) {
            problems.add("handler_config.retry.capSeconds must not be below baseSeconds");
        }
        return new RetrySettings(Duration.ofMillis((long) (base * 1000)), Duration.ofMillis((long) (cap * 1000)));
    }

    private static double seconds(JsonObject o, String key, double fallback, List<String> problems) {
        Object v = o.getValue(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n && n.doubleValue() >= 0.01 && n.doubleValue() <= 86400) {
            return n.doubleValue();
        }
        problems.add("handler_config.retry." + key + " must be a number of seconds between 0.01 and 86400");
        return fallback;
    }
}
