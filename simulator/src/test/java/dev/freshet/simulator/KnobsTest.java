package dev.freshet.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.simulator.faults.ErrorInjection;
import dev.freshet.simulator.faults.Faults;
import dev.freshet.simulator.faults.Hang;
import dev.freshet.simulator.faults.InsanePrice;
import dev.freshet.simulator.faults.Knobs;
import dev.freshet.simulator.faults.Latency;
import dev.freshet.simulator.faults.Malformed;
import dev.freshet.simulator.faults.RateLimitBurst;
import org.junit.jupiter.api.Test;

class KnobsTest {

    @Test
    void every_knob_survives_a_json_round_trip() {
        Knobs knobs = Knobs.global(Faults.none()
                        .withLatency(Latency.logNormal(40, 400))
                        .withHang(Hang.untilReleased().firstRequests(0))
                        .withRateLimit(new RateLimitBurst(3, 10, 2))
                        .withErrors(ErrorInjection.everyNth(4).withStatus(502))
                        .withEmptyResults(false)
                        .withRecords(7)
                        .withPadToBytes(2048)
                        .withMalformed(Malformed.TRUNCATED)
                        .withInsanePrice(InsanePrice.HUGE)
                        .withStaleSeconds(90L))
                .withEndpoint(Endpoints.AGGS, Faults.none().withHang(Hang.millis(1500)))
                .withSeed(5);

        String json = knobs.toJson();

        assertThat(Knobs.fromJson(json)).isEqualTo(knobs);
        assertThat(json).contains("\"requests\":0").contains("\"type\":\"lognormal\"").contains("\"truncated\"")
                .contains("\"huge\"");
    }

    @Test
    void the_readme_example_parses() {
        Knobs knobs = Knobs.fromJson("""
                {
                  "seed": 42,
                  "global": {
                    "latency": {"type": "lognormal", "medianMs": 40, "p99Ms": 400}
                  },
                  "endpoints": {
                    "batch-quote": {"errors": {"everyNth": 5, "status": 503}},
                    "quote": {"rateLimit": {"requests": 3, "retryAfterSeconds": 2}},
                    "profile": {"hang": {"ms": 15000, "requests": 1}},
                    "aggs": {"emptyResults": true, "staleSeconds": 300},
                    "dividends": {"records": 40, "padToBytes": 200000},
                    "ratios-ttm": {"malformed": "truncated"},
                    "shares-float": {"insanePrice": "negative"},
                    "income-statement": {"latency": {"type": "uniform", "minMs": 5, "maxMs": 50}}
                  }
                }
                """);

        assertThat(knobs.effective(Endpoints.QUOTE).latency()).isEqualTo(Latency.logNormal(40, 400));
        assertThat(knobs.effective(Endpoints.QUOTE).rateLimit().effectiveRetryAfterSeconds()).isEqualTo(2);
        assertThat(knobs.effective(Endpoints.INCOME_STATEMENT).latency()).isEqualTo(Latency.uniform(5, 50));
        assertThat(knobs.effective(Endpoints.PROFILE).hang()).isEqualTo(Hang.millis(15000).firstRequests(1));
    }

    @Test
    void endpoint_fields_override_global_fields_one_by_one() {
        Knobs knobs = Knobs.global(Faults.none().withLatency(Latency.fixed(100)).withEmptyResults(true))
                .withEndpoint(Endpoints.QUOTE, Faults.none().withEmptyResults(false));

        Faults quote = knobs.effective(Endpoints.QUOTE);
        Faults profile = knobs.effective(Endpoints.PROFILE);

        assertThat(quote.latency()).isEqualTo(Latency.fixed(100));
        assertThat(quote.wantsEmptyResults()).isFalse();
        assertThat(profile.wantsEmptyResults()).isTrue();
    }

    @Test
    void empty_json_means_no_knobs() {
        assertThat(Knobs.fromJson("{}")).isEqualTo(Knobs.none());
        assertThat(Knobs.none().effective(Endpoints.QUOTE).isNone()).isTrue();
    }

    @Test
    void invalid_values_are_refused_with_a_readable_message() {
        assertThatThrownBy(() -> Knobs.fromJson("{\"global\":{\"errors\":{\"rate\":0.1,\"everyNth\":2}}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exactly one of rate or everyNth");
        assertThatThrownBy(() -> Knobs.fromJson("{\"global\":{\"latency\":{\"type\":\"uniform\",\"minMs\":9,"
                + "\"maxMs\":1}}}"))
                .hasMessageContaining("minMs <= maxMs");
        assertThatThrownBy(() -> Knobs.fromJson("{\"global\":{\"hang\":{}}}")).hasMessageContaining("forever");
        assertThatThrownBy(() -> Knobs.endpoint("nope", Faults.none())).hasMessageContaining("unknown endpoint");
    }
}
