package dev.freshet.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freshet.simulator.control.Stats;
import dev.freshet.simulator.faults.ErrorInjection;
import dev.freshet.simulator.faults.Faults;
import dev.freshet.simulator.faults.Knobs;
import dev.freshet.simulator.faults.Latency;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /_control/...} over HTTP, and the same operations through the Java API. */
class ControlApiTest extends SimulatorTestBase {

    static final String KNOBS_JSON = """
            {"seed": 7,
             "global": {"latency": {"type": "fixed", "ms": 0}},
             "endpoints": {"quote": {"errors": {"everyNth": 2, "status": 500}},
                           "aggs": {"emptyResults": true}}}
            """;

    @Test
    void put_replaces_the_knobs_and_get_returns_them() {
        HttpResponse<String> put = http.send("PUT", "/_control/knobs", KNOBS_JSON);

        assertThat(put.statusCode()).isEqualTo(200);
        JsonNode current = http.json("/_control/knobs");
        assertThat(current).isEqualTo(TestHttp.parse(put.body()));
        assertThat(current.get("seed").asLong()).isEqualTo(7);
        assertThat(current.at("/endpoints/quote/errors/everyNth").asInt()).isEqualTo(2);
        assertThat(simulator.knobs()).isEqualTo(Knobs.fromJson(KNOBS_JSON));
        assertThat(List.of(http.get("/stable/quote?symbol=AAPL").statusCode(),
                http.get("/stable/quote?symbol=AAPL").statusCode())).containsExactly(200, 500);
    }

    @Test
    void knobs_set_through_java_show_up_over_http() {
        simulator.knobs(Knobs.global(Faults.none().withLatency(Latency.uniform(1, 2)))
                .withEndpoint(Endpoints.PROFILE, Faults.none().withErrors(ErrorInjection.rate(0.25))));

        JsonNode current = http.json("/_control/knobs");

        assertThat(current.at("/global/latency/type").asText()).isEqualTo("uniform");
        assertThat(current.at("/endpoints/profile/errors/rate").asDouble()).isEqualTo(0.25);
        assertThat(Knobs.fromJson(current.toString())).isEqualTo(simulator.knobs());
    }

    @Test
    void invalid_knobs_are_refused_and_change_nothing() {
        simulator.knobs(Knobs.fromJson(KNOBS_JSON));

        for (String bad : List.of("{\"global\": {\"latncy\": {}}}", "{\"endpoints\": {\"quotes\": {}}}",
                "{\"global\": {\"errors\": {\"rate\": 2}}}", "not json")) {
            HttpResponse<String> response = http.send("PUT", "/_control/knobs", bad);
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(TestHttp.parse(response.body()).get("error").asText()).as(bad).startsWith("invalid knobs");
        }
        assertThat(simulator.knobs()).isEqualTo(Knobs.fromJson(KNOBS_JSON));
    }

    @Test
    void reset_clears_knobs_and_stats() {
        http.send("PUT", "/_control/knobs", KNOBS_JSON);
        http.get("/stable/profile?symbol=AAPL");

        HttpResponse<String> reset = http.send("POST", "/_control/reset", null);

        assertThat(reset.statusCode()).isEqualTo(204);
        assertThat(simulator.knobs()).isEqualTo(Knobs.none());
        assertThat(http.json("/_control/stats").get("requests").asLong()).isZero();
    }

    @Test
    void stats_count_requests_per_endpoint_and_status_and_bytes() {
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            symbols.add("T" + i);
        }
        HttpResponse<String> batch = http.get("/stable/batch-quote?symbols=" + String.join(",", symbols));
        http.get("/stable/quote?symbol=AAPL");
        http.get("/stable/quote");
        http.get("/nowhere");

        JsonNode stats = http.json("/_control/stats");

        assertThat(stats.get("requests").asLong()).isEqualTo(4);
        assertThat(stats.at("/endpoints/batch-quote/requests").asLong()).isEqualTo(1);
        assertThat(stats.at("/endpoints/batch-quote/symbols").asLong()).isEqualTo(100);
        assertThat(stats.at("/endpoints/batch-quote/bytesSent").asLong()).isEqualTo(batch.body().length());
        assertThat(stats.at("/endpoints/quote/statuses/200").asLong()).isEqualTo(1);
        assertThat(stats.at("/endpoints/quote/statuses/400").asLong()).isEqualTo(1);
        assertThat(stats.at("/endpoints/unknown/statuses/404").asLong()).isEqualTo(1);
        assertThat(stats.at("/statuses/200").asLong()).isEqualTo(2);
        assertThat(stats.has("bytesSent")).isTrue();

        Stats javaStats = simulator.stats();
        assertThat(javaStats.requests(Endpoints.BATCH_QUOTE)).isEqualTo(1);
        assertThat(javaStats.requests(Endpoints.PROFILE)).isZero();
        assertThat(javaStats.count(Endpoints.QUOTE, 400)).isEqualTo(1);
        assertThat(javaStats.count(200)).isEqualTo(2);
        assertThat(TestHttp.tree(javaStats)).isEqualTo(stats);
    }

    @Test
    void control_traffic_is_not_counted() {
        http.json("/_control/stats");
        http.json("/_control/knobs");
        http.json("/_control/health");

        assertThat(simulator.stats().requests()).isZero();
    }

    @Test
    void reset_stats_keeps_the_knobs() {
        simulator.knobs(Knobs.fromJson(KNOBS_JSON));
        http.get("/stable/profile?symbol=AAPL");

        simulator.resetStats();

        assertThat(simulator.stats().requests()).isZero();
        assertThat(simulator.knobs()).isEqualTo(Knobs.fromJson(KNOBS_JSON));
    }

    @Test
    void unknown_control_requests_are_404() {
        assertThat(http.get("/_control/nothing").statusCode()).isEqualTo(404);
        assertThat(http.send("DELETE", "/_control/knobs", null).statusCode()).isEqualTo(404);
    }
}
