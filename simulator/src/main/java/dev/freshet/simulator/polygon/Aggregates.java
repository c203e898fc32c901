package dev.freshet.simulator.polygon;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The {@code /v2/aggs/ticker/...} response. Like Polygon, an empty answer has no {@code results} field at all, and
 * {@code next_url} appears only when {@code limit} cut the range short.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Aggregates(
        String ticker,
        int queryCount,
        int resultsCount,
        boolean adjusted,
        List<AggregateBar> results,
        String status,
        @JsonProperty("request_id") String requestId,
        int count,
        @JsonProperty("next_url") String nextUrl) {

    public static Aggregates empty(String ticker, boolean adjusted, String requestId) {
        return new Aggregates(ticker, 0, 0, adjusted, null, "OK", requestId, 0, null);
    }

    public Aggregates withNextUrl(String url) {
        return new Aggregates(ticker, queryCount, resultsCount, adjusted, results, status, requestId, count, url);
    }

    /** The bars, never null (an empty answer has none). */
    public List<AggregateBar> bars() {
        return results == null ? List.of() : results;
    }
}
