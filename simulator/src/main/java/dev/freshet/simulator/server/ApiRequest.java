package dev.freshet.simulator.server;

import dev.freshet.simulator.faults.Faults;
import dev.freshet.simulator.market.Symbols;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a route needs to answer: the parameters, the instant its data is "as of" (the clock, moved back by the
 * staleness knob) and the record-count knob that replaces {@code limit}.
 */
public record ApiRequest(Map<String, String> query, List<String> pathParams, Instant asOf, Integer records,
        String baseUrl) {

    public static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.putIfAbsent(name, value);
        }
        return query;
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(query.get(name)).filter(value -> !value.isBlank());
    }

    public String requiredParam(String name) {
        return param(name).orElseThrow(() -> new BadRequest("Invalid or missing query parameter - " + name));
    }

    /** The {@code symbol} parameter, upper-cased; empty for text that cannot be a ticker (answered with no data). */
    public Optional<String> symbol() {
        return Symbols.normalize(requiredParam("symbol"));
    }

    public int intParam(String name, int defaultValue) {
        Optional<String> value = param(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.get().trim());
        } catch (NumberFormatException e) {
            throw new BadRequest("Query parameter " + name + " must be an integer");
        }
    }

    /** How many entries a series endpoint returns: the records knob if set, else {@code limit}, else the default. */
    public int limit(int defaultLimit) {
        int limit = records != null ? records : intParam("limit", defaultLimit);
        if (limit < 0 || limit > Faults.MAX_RECORDS) {
            throw new BadRequest("limit must be between 0 and " + Faults.MAX_RECORDS);
        }
        return limit;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
