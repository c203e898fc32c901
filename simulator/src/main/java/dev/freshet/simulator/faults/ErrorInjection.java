package dev.freshet.simulator.faults;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Answer with an error status instead of data: either with probability {@code rate} (drawn from the knobs' seeded
 * random, so a run is reproducible) or on every {@code everyNth} request. {@code status} defaults to 503.
 * Example: {@code {"everyNth":3,"status":500}} or {@code {"rate":0.2}}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorInjection(Double rate, Integer everyNth, Integer status) {

    public static final int DEFAULT_STATUS = 503;

    public ErrorInjection {
        Validation.require((rate == null) != (everyNth == null), "errors need exactly one of rate or everyNth");
        Validation.require(rate == null || (rate >= 0 && rate <= 1), "errors.rate must be between 0 and 1");
        Validation.require(everyNth == null || everyNth >= 1, "errors.everyNth must be at least 1");
        Validation.require(status == null || (status >= 400 && status <= 599), "errors.status must be 4xx or 5xx");
    }

    public static ErrorInjection rate(double probability) {
        return new ErrorInjection(probability, null, null);
    }

    public static ErrorInjection everyNth(int n) {
        return new ErrorInjection(null, n, null);
    }

    public ErrorInjection withStatus(int newStatus) {
        return new ErrorInjection(rate, everyNth, newStatus);
    }

    public int effectiveStatus() {
        return status == null ? DEFAULT_STATUS : status;
    }
}
