package dev.freshet.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PolygonAggregatesTest extends SimulatorTestBase {

    static final long NOW_MILLIS = NOW.toEpochMilli();

    @Test
    void minute_bars_have_polygon_fields_and_consistent_prices() {
        long from = NOW_MILLIS - 10 * 60_000;
        JsonNode body = http.json(aggs("AAPL", 1, "minute", from, NOW_MILLIS) + "?adjusted=true&sort=asc&limit=50000"
                + "&apiKey=secret");

        JsonShape.of(body)
                .strings("ticker", "status", "request_id")
                .integers("queryCount", "resultsCount", "count")
                .booleans("adjusted")
                .arrays("results");
        assertThat(body.get("ticker").asText()).isEqualTo("AAPL");
        assertThat(body.get("status").asText()).isEqualTo("OK");
        assertThat(body.has("next_url")).isFalse();
        JsonNode results = body.get("results");
        // 15:00 .. 15:08 are complete; 14:59:26 rounds up to 15:00; 15:09 is still being traded.
        assertThat(results).hasSize(9);
        assertThat(body.get("resultsCount").asInt()).isEqualTo(9);
        long previousStart = 0;
        for (JsonNode bar : results) {
            JsonShape.of(bar).numbers("vw", "o", "c", "h", "l").integers("v", "t", "n");
            double open = bar.get("o").asDouble();
            double close = bar.get("c").asDouble();
            assertThat(bar.get("l").asDouble()).isPositive().isLessThanOrEqualTo(Math.min(open, close));
            assertThat(bar.get("h").asDouble()).isGreaterThanOrEqualTo(Math.max(open, close));
            assertThat(bar.get("t").asLong() % 60_000).isZero();
            assertThat(bar.get("t").asLong()).isGreaterThan(previousStart).isLessThan(NOW_MILLIS - 60_000 + 1);
            previousStart = bar.get("t").asLong();
        }
    }

    @Test
    void a_bar_closes_at_the_quote_price_of_its_minute() {
        JsonNode bar = http.json(aggs("AAPL", 1, "minute", NOW_MILLIS - 120_000, NOW_MILLIS)).get("results").get(0);
        Instant barMinute = Instant.ofEpochMilli(bar.get("t").asLong());

        assertThat(bar.get("c").asDouble()).isEqualTo(MarketData.quote("AAPL", barMinute).price());
        assertThat(TestHttp.tree(MarketData.minuteBar("AAPL", barMinute))).isEqualTo(bar);
    }

    @Test
    void no_bars_from_the_future() {
        JsonNode body = http.json("/v2/aggs/ticker/AAPL/range/1/minute/2025-03-14/2025-03-20");

        JsonNode results = body.get("results");
        long lastStart = results.get(results.size() - 1).get("t").asLong();
        assertThat(lastStart).isEqualTo(Instant.parse("2025-03-14T15:08:00Z").toEpochMilli());
        assertThat(http.json("/v2/aggs/ticker/AAPL/range/1/minute/2025-03-15/2025-03-20").has("results")).isFalse();
    }

    @Test
    void limit_caps_the_bars_and_next_url_continues_where_they_stopped() {
        JsonNode first = http.json("/v2/aggs/ticker/AAPL/range/1/minute/2025-03-14/2025-03-14?sort=asc&limit=3");

        assertThat(first.get("results")).hasSize(3);
        assertThat(first.get("results").get(0).get("t").asLong())
                .isEqualTo(Instant.parse("2025-03-14T00:00:00Z").toEpochMilli());
        String nextUrl = first.get("next_url").asText();
        assertThat(nextUrl).startsWith(simulator.baseUrl() + "/v2/aggs/ticker/AAPL/range/1/minute/");

        URI next = URI.create(nextUrl);
        JsonNode second = http.json(next.getRawPath() + "?" + next.getRawQuery());
        assertThat(second.get("results").get(0).get("t").asLong())
                .isEqualTo(Instant.parse("2025-03-14T00:03:00Z").toEpochMilli());
    }

    @Test
    void descending_sort_starts_with_the_latest_bar() {
        JsonNode body = http.json(aggs("AAPL", 1, "minute", NOW_MILLIS - 3_600_000, NOW_MILLIS) + "?sort=desc&limit=2");

        assertThat(body.get("results").get(0).get("t").asLong())
                .isEqualTo(Instant.parse("2025-03-14T15:08:00Z").toEpochMilli());
        assertThat(body.get("results").get(1).get("t").asLong())
                .isEqualTo(Instant.parse("2025-03-14T15:07:00Z").toEpochMilli());
    }

    @Test
    void larger_bars_aggregate_the_minute_bars() {
        JsonNode hour = http.json("/v2/aggs/ticker/AAPL/range/1/hour/2025-03-14/2025-03-14").get("results").get(0);
        var minutes = MarketData.minuteBars("AAPL", Instant.parse("2025-03-14T00:00:00Z"),
                Instant.parse("2025-03-14T00:59:00Z"), 1000, NOW);

        assertThat(minutes).hasSize(60);
        assertThat(hour.get("o").asDouble()).isEqualTo(minutes.getFirst().open());
        assertThat(hour.get("c").asDouble()).isEqualTo(minutes.getLast().close());
        assertThat(hour.get("v").asLong()).isEqualTo(minutes.stream().mapToLong(b -> b.volume()).sum());
        assertThat(hour.get("h").asDouble()).isEqualTo(minutes.stream().mapToDouble(b -> b.high()).max().orElseThrow());
        assertThat(hour.get("l").asDouble()).isEqualTo(minutes.stream().mapToDouble(b -> b.low()).min().orElseThrow());
    }

    @Test
    void unsupported_timespan_is_a_polygon_style_bad_request() {
        HttpResponse<String> response = http.get("/v2/aggs/ticker/AAPL/range/1/fortnight/2025-03-01/2025-03-14");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = TestHttp.parse(response.body());
        assertThat(error.get("status").asText()).isEqualTo("ERROR");
        assertThat(error.get("error").asText()).contains("timespan");
    }

    private static String aggs(String ticker, int multiplier, String timespan, long from, long to) {
        return "/v2/aggs/ticker/" + ticker + "/range/" + multiplier + "/" + timespan + "/" + from + "/" + to;
    }
}
