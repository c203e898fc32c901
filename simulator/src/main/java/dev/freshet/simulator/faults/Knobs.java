package dev.freshet.simulator.faults;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.freshet.simulator.Endpoints;
import dev.freshet.simulator.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * All fault knobs: a global {@link Faults} and per-endpoint ones whose set fields override it field by field.
 * {@code seed} seeds every random draw (error rate, latency spread), so a run with the same knobs and the same
 * request sequence gets the same faults.
 *
 * <pre>{@code
 * {"seed": 7,
 *  "global":    {"latency": {"type": "fixed", "ms": 20}},
 *  "endpoints": {"quote": {"errors": {"everyNth": 3, "status": 500}},
 *                "aggs":  {"emptyResults": true}}}
 * }</pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Knobs(Long seed, Faults global, Map<String, Faults> endpoints) {

    public static final long DEFAULT_SEED = 42;

    private static final Knobs NONE = new Knobs(null, null, null);

    public Knobs {
        global = global == null ? Faults.none() : global;
        endpoints = endpoints == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(endpoints));
        for (String endpoint : endpoints.keySet()) {
            Validation.require(Endpoints.ALL.contains(endpoint),
                    "unknown endpoint '" + endpoint + "'; known: " + Endpoints.ALL);
        }
    }

    public static Knobs none() {
        return NONE;
    }

    public static Knobs global(Faults faults) {
        return new Knobs(null, faults, null);
    }

    public static Knobs endpoint(String endpoint, Faults faults) {
        return none().withEndpoint(endpoint, faults);
    }

    public Knobs withGlobal(Faults faults) {
        return new Knobs(seed, faults, endpoints);
    }

    public Knobs withEndpoint(String endpoint, Faults faults) {
        Map<String, Faults> copy = new LinkedHashMap<>(endpoints);
        copy.put(endpoint, faults);
        return new Knobs(seed, global, copy);
    }

    public Knobs withSeed(long value) {
        return new Knobs(value, global, endpoints);
    }

    @JsonIgnore
    public long effectiveSeed() {
        return seed == null ? DEFAULT_SEED : seed;
    }

    /** The faults that apply to one endpoint: its own where set, the global ones elsewhere. */
    public Faults effective(String endpoint) {
        return global.overriddenBy(endpoints.get(endpoint));
    }

    /** Where a fault's counters live: with the endpoint when the endpoint sets it, else shared by all endpoints. */
    public String scopeOf(String endpoint, Function<Faults, ?> field) {
        Faults own = endpoints.get(endpoint);
        return own != null && field.apply(own) != null ? endpoint : "global";
    }

    /** Parses knobs JSON; unknown fields and endpoints are refused, so a typo cannot silently disable a fault. */
    public static Knobs fromJson(String json) {
        try {
            Knobs knobs = Json.MAPPER.readValue(json, Knobs.class);
            return knobs == null ? none() : knobs;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid knobs: " + rootMessage(e), e);
        }
    }

    public String toJson() {
        return Json.write(this);
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof IllegalArgumentException) {
            return cause.getMessage();
        }
        return error instanceof JsonProcessingException json ? json.getOriginalMessage() : error.getMessage();
    }
}
