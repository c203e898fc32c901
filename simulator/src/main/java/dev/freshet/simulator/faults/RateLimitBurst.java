package dev.freshet.simulator.faults;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Answer 429 with {@code Retry-After} for the next {@code requests} requests and/or for {@code seconds} seconds after
 * the knobs were installed, whichever ends first (neither: until the knob is removed). Then requests succeed again.
 * Example: {@code {"requests":3,"retryAfterSeconds":1}}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RateLimitBurst(Integer requests, Integer seconds, Integer retryAfterSeconds) {

    public static final int DEFAULT_RETRY_AFTER_SECONDS = 1;

    public RateLimitBurst {
        Validation.require(requests == null || requests >= 0, "rateLimit.requests must not be negative");
        Validation.require(seconds == null || seconds >= 0, "rateLimit.seconds must not be negative");
        Validation.require(retryAfterSeconds == null || retryAfterSeconds >= 0,
                "rateLimit.retryAfterSeconds must not be negative");
    }

    public static RateLimitBurst requests(int count, int retryAfterSeconds) {
        return new RateLimitBurst(count, null, retryAfterSeconds);
    }

    public static RateLimitBurst seconds(int duration, int retryAfterSeconds) {
        return new RateLimitBurst(null, duration, retryAfterSeconds);
    }

    public int effectiveRetryAfterSeconds() {
        return retryAfterSeconds == null ? DEFAULT_RETRY_AFTER_SECONDS : retryAfterSeconds;
    }
}
