package dev.freshet.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.freshet.simulator.faults.BodyFaults;
import dev.freshet.simulator.faults.ErrorInjection;
import dev.freshet.simulator.faults.Faults;
import dev.freshet.simulator.faults.Hang;
import dev.freshet.simulator.faults.InsanePrice;
import dev.freshet.simulator.faults.Knobs;
import dev.freshet.simulator.faults.Latency;
import dev.freshet.simulator.faults.Malformed;
import dev.freshet.simulator.faults.RateLimitBurst;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Each knob, observed through real HTTP. */
class FaultKnobsTest extends SimulatorTestBase {

    static final String QUOTE = "/stable/quote?symbol=AAPL";
    static final String PROFILE = "/stable/profile?symbol=AAPL";
    static final String AGGS = "/v2/aggs/ticker/AAPL/range/1/minute/2025-03-14/2025-03-14?limit=10";

    @Test
    void fixed_latency_delays_the_answer_by_at_least_the_configured_time() {
        millisToGet(QUOTE); // the first request of a JVM also pays for loading the JSON and HTTP machinery
        long undelayed = millisToGet(QUOTE);
        simulator.knobs(Knobs.global(Faults.none().withLatency(Latency.fixed(300))));

        long delayed = millisToGet(QUOTE);

        assertThat(delayed).isGreaterThanOrEqualTo(300).isGreaterThan(undelayed);
    }

    @Test
    void latency_shapes_draw_within_their_bounds() {
        Random random = new Random(1);
        for (int i = 0; i < 1000; i++) {
            assertThat(Latency.uniform(10, 20).sampleMillis(random)).isBetween(10L, 20L);
        }
        List<Long> samples = new ArrayList<>();
        for (int i = 0; i < 2001; i++) {
            samples.add(Latency.logNormal(40, 400).sampleMillis(random));
        }
        samples.sort(null);
        assertThat(samples.get(1000)).as("median").isBetween(30L, 50L);
        assertThat(samples.get(1980)).as("p99").isBetween(250L, 650L);
    }

    @Test
    void every_nth_request_fails_with_the_configured_status() {
        simulator.knobs(Knobs.global(Faults.none().withErrors(ErrorInjection.everyNth(3).withStatus(500))));

        List<Integer> statuses = statusesOf(QUOTE, 6);

        assertThat(statuses).containsExactly(200, 200, 500, 200, 200, 500);
        assertThat(simulator.stats().count("quote", 500)).isEqualTo(2);
    }

    @Test
    void injected_errors_default_to_503_with_an_fmp_error_body() {
        simulator.knobs(Knobs.global(Faults.none().withErrors(ErrorInjection.rate(1.0))));

        HttpResponse<String> response = http.get(QUOTE);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(TestHttp.parse(response.body()).has("Error Message")).isTrue();
    }

    @Test
    void a_seeded_error_rate_repeats_the_same_sequence() {
        Knobs knobs = Knobs.global(Faults.none().withErrors(ErrorInjection.rate(0.5))).withSeed(1234);
        simulator.knobs(knobs);
        List<Integer> first = statusesOf(QUOTE, 30);
        simulator.knobs(knobs);
        List<Integer> second = statusesOf(QUOTE, 30);

        assertThat(second).isEqualTo(first);
        assertThat(first).contains(200, 503);
        simulator.knobs(knobs.withSeed(99));
        assertThat(statusesOf(QUOTE, 30)).isNotEqualTo(first);
    }

    @Test
    void a_429_burst_answers_retry_after_then_recovers() {
        simulator.knobs(Knobs.global(Faults.none().withRateLimit(RateLimitBurst.requests(2, 7))));

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> limited = http.get(QUOTE);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");
            assertThat(TestHttp.parse(limited.body()).get("Error Message").asText()).contains("Limit Reach");
        }
        assertThat(http.get(QUOTE).statusCode()).isEqualTo(200);
        assertThat(simulator.stats().count("quote", 429)).isEqualTo(2);
    }

    @Test
    void a_timed_429_burst_ends_after_its_seconds() {
        simulator.knobs(Knobs.global(Faults.none().withRateLimit(RateLimitBurst.seconds(1, 1))));

        assertThat(http.get(QUOTE).statusCode()).isEqualTo(429);
        assertThat(http.get(QUOTE).statusCode()).isEqualTo(429);
        clock.advance(Duration.ofMillis(999));
        assertThat(http.get(QUOTE).statusCode()).isEqualTo(429);
        clock.advance(Duration.ofMillis(1));
        assertThat(http.get(QUOTE).statusCode()).isEqualTo(200);
    }

    @Test
    void polygon_429s_carry_a_polygon_error_body() {
        simulator.knobs(Knobs.endpoint(Endpoints.AGGS, Faults.none().withRateLimit(RateLimitBurst.requests(1, 2))));

        HttpResponse<String> limited = http.get(AGGS);

        assertThat(limited.statusCode()).isEqualTo(429);
        JsonNode body = TestHttp.parse(limited.body());
        assertThat(body.get("status").asText()).isEqualTo("ERROR");
        assertThat(body.get("error").asText()).contains("exceeded the maximum requests");
        assertThat(http.get(AGGS).statusCode()).isEqualTo(200);
    }

    @Test
    void a_hang_longer_than_the_client_timeout_times_the_client_out() {
        simulator.knobs(Knobs.global(Faults.none().withHang(Hang.millis(5_000))));

        assertThatThrownBy(() -> http.getOrThrow(QUOTE, Duration.ofMillis(300)))
                .isInstanceOf(HttpTimeoutException.class);

        simulator.reset();
        assertThat(http.get(QUOTE).statusCode()).isEqualTo(200);
    }

    @Test
    void a_short_hang_answers_normally_afterwards() {
        simulator.knobs(Knobs.global(Faults.none().withHang(Hang.millis(250))));

        long start = System.nanoTime();
        HttpResponse<String> response = http.get(QUOTE);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(250);
    }

    @Test
    void a_forever_hang_holds_until_the_knobs_change_then_drops_the_connection() throws Exception {
        simulator.knobs(Knobs.global(Faults.none().withHang(Hang.untilReleased())));
        CompletableFuture<HttpResponse<String>> pending = http.getAsync(QUOTE);
        waitForRequests("quote", 1);
        Thread.sleep(200);
        assertThat(pending).isNotDone();

        simulator.knobs(Knobs.none());

        waitFor(() -> simulator.stats().endpoint("quote").dropped() == 1);
        // The JDK client retries a GET whose connection closed unanswered; the retry meets the new knobs.
        String outcome = pending.handle((response, error) -> {
            if (error == null) {
                return "retried " + response.statusCode();
            }
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            return cause instanceof IOException ? "dropped" : cause.toString();
        }).get(5, TimeUnit.SECONDS);
        assertThat(outcome).isIn("dropped", "retried 200");
        assertThat(http.get(QUOTE).statusCode()).isEqualTo(200);
    }

    @Test
    void a_hang_limited_to_the_first_request_lets_the_retry_through() {
        simulator.knobs(Knobs.global(Faults.none().withHang(Hang.untilReleased().firstRequests(1))));

        assertThatThrownBy(() -> http.getOrThrow(QUOTE, Duration.ofMillis(300)))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(http.get(QUOTE).statusCode()).isEqualTo(200);
    }

    @Test
    void a_truncated_body_is_a_200_that_does_not_parse() {
        simulator.knobs(Knobs.global(Faults.none().withMalformed(Malformed.TRUNCATED)));

        HttpResponse<String> response = http.get(QUOTE);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> Json.MAPPER.readTree(response.body())).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void an_html_body_is_a_200_that_does_not_parse() {
        simulator.knobs(Knobs.global(Faults.none().withMalformed(Malformed.HTML)));

        HttpResponse<String> response = http.get(AGGS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("<html>");
        assertThatThrownBy(() -> Json.MAPPER.readTree(response.body())).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void insane_prices_break_the_sanity_bounds() {
        simulator.knobs(Knobs.global(Faults.none().withInsanePrice(InsanePrice.NEGATIVE)));
        assertThat(http.json(QUOTE).get(0).get("price").asDouble()).isNegative();

        simulator.knobs(Knobs.global(Faults.none().withInsanePrice(InsanePrice.ZERO)));
        assertThat(http.json(PROFILE).get(0).get("price").asDouble()).isZero();

        simulator.knobs(Knobs.global(Faults.none().withInsanePrice(InsanePrice.HUGE)));
        assertThat(http.json(QUOTE).get(0).get("price").asDouble()).isGreaterThanOrEqualTo(100_000);
        JsonNode bar = http.json(AGGS).get("results").get(0);
        for (String field : List.of("o", "h", "l", "c", "vw")) {
            assertThat(bar.get(field).asDouble()).as(field).isGreaterThanOrEqualTo(100_000);
        }
    }

    @Test
    void stale_seconds_serve_an_older_quote() {
        simulator.knobs(Knobs.global(Faults.none().withStaleSeconds(3_600L)));

        JsonNode quote = http.json(QUOTE).get(0);

        assertThat(quote.get("timestamp").asLong()).isEqualTo(MarketData.quote("AAPL", NOW.minusSeconds(3_600))
                .timestamp()).isLessThanOrEqualTo(NOW.getEpochSecond() - 3_600);
        assertThat(quote).isEqualTo(TestHttp.tree(MarketData.quote("AAPL", NOW.minusSeconds(3_600))));
    }

    @Test
    void empty_results_answer_an_empty_array_or_no_polygon_results() {
        simulator.knobs(Knobs.global(Faults.none().withEmptyResults(true)));

        assertThat(http.get(QUOTE).body()).isEqualTo("[]");
        assertThat(http.json("/stable/income-statement?symbol=AAPL")).isEmpty();
        JsonNode aggs = http.json(AGGS);
        assertThat(aggs.get("resultsCount").asInt()).isZero();
        assertThat(aggs.get("status").asText()).isEqualTo("OK");
        assertThat(aggs.has("results")).isFalse();
    }

    @Test
    void padding_inflates_the_body_to_the_requested_size_and_keeps_it_json() {
        simulator.knobs(Knobs.global(Faults.none().withPadToBytes(10_000)));

        HttpResponse<String> quote = http.get(QUOTE);
        HttpResponse<String> aggs = http.get(AGGS);

        assertThat(quote.body().getBytes(StandardCharsets.UTF_8)).hasSize(10_000);
        assertThat(TestHttp.parse(quote.body()).get(0).get(BodyFaults.PADDING_FIELD).asText()).startsWith("xxx");
        assertThat(TestHttp.parse(quote.body()).get(0).get("price").isNumber()).isTrue();
        assertThat(aggs.body().getBytes(StandardCharsets.UTF_8)).hasSize(10_000);
        assertThat(simulator.stats().bytesSent()).isEqualTo(20_000);
    }

    @Test
    void padding_smaller_than_the_body_leaves_it_alone() {
        String plain = http.get(QUOTE).body();
        simulator.knobs(Knobs.global(Faults.none().withPadToBytes(10)));

        assertThat(http.get(QUOTE).body()).isEqualTo(plain);
    }

    @Test
    void records_sets_the_length_of_every_list_answer() {
        simulator.knobs(Knobs.global(Faults.none().withRecords(20)));

        assertThat(http.json("/stable/dividends?symbol=AAPL&limit=2")).hasSize(20);
        assertThat(http.json("/stable/grades-historical?symbol=AAPL")).hasSize(20);
        assertThat(http.json("/stable/available-exchanges")).hasSize(20);
        assertThat(http.json(QUOTE)).hasSize(20);
        assertThat(http.json(AGGS).get("results")).hasSize(20);

        simulator.knobs(Knobs.global(Faults.none().withRecords(3)));
        assertThat(http.json("/stable/available-exchanges")).hasSize(3);
    }

    @Test
    void an_endpoint_knob_overrides_the_global_one() {
        simulator.knobs(Knobs.global(Faults.none().withErrors(ErrorInjection.everyNth(1)).withEmptyResults(true))
                .withEndpoint(Endpoints.QUOTE, Faults.none().withErrors(ErrorInjection.rate(0.0)))
                .withEndpoint(Endpoints.DIVIDENDS, Faults.none().withErrors(ErrorInjection.rate(0.0))
                        .withEmptyResults(false)));

        assertThat(http.get(PROFILE).statusCode()).isEqualTo(503);
        assertThat(http.get(QUOTE).body()).as("inherits emptyResults, overrides errors").isEqualTo("[]");
        assertThat(http.json("/stable/dividends?symbol=AAPL")).hasSize(8);
    }

    @Test
    void a_global_every_nth_counts_all_endpoints_together_an_endpoint_one_only_its_own() {
        simulator.knobs(Knobs.global(Faults.none().withErrors(ErrorInjection.everyNth(2))));
        assertThat(List.of(http.get(QUOTE).statusCode(), http.get(PROFILE).statusCode())).containsExactly(200, 503);

        simulator.knobs(Knobs.endpoint(Endpoints.QUOTE, Faults.none().withErrors(ErrorInjection.everyNth(2))));
        assertThat(List.of(http.get(QUOTE).statusCode(), http.get(PROFILE).statusCode(), http.get(QUOTE).statusCode()))
                .containsExactly(200, 200, 503);
    }

    private static long millisToGet(String path) {
        long start = System.nanoTime();
        assertThat(http.get(path).statusCode()).isEqualTo(200);
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static List<Integer> statusesOf(String path, int count) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            statuses.add(http.get(path).statusCode());
        }
        return statuses;
    }

    private static void waitForRequests(String endpoint, long count) throws InterruptedException {
        waitFor(() -> simulator.stats().requests(endpoint) >= count);
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 5 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
