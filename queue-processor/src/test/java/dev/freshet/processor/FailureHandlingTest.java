package dev.freshet.processor;

import dev.freshet.testsupport.UpstreamStub;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.freshet.processor.complete.Backoff;
import dev.freshet.shared.handler.RetrySettings;
import dev.freshet.shared.queue.JobOrigin;
import dev.freshet.shared.registry.DataType;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static dev.freshet.testsupport.rows.QuotaRow.quota;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Each failure class against a real HTTP upstream that returns it, run by the live processor. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
class FailureHandlingTest extends ProcessorTestBase {

    private DataType type(String name, int maxAttempts, String writeMode) {
        return Fixtures.quoteType(registry, name, name + "-p", maxAttempts, writeMode, null);
    }

    private void stub(String name, int status, String body) {
        UpstreamStub.server().stubFor(get(urlPathEqualTo("/t/" + name))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
    }

    /** The first request to {@code /t/<name>} gets {@code first}, every later one {@code then}. */
    private void firstThen(String name, ResponseDefinitionBuilder first, ResponseDefinitionBuilder then) {
        UpstreamStub.server().stubFor(get(urlPathEqualTo("/t/" + name)).inScenario(name).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(first).willSetStateTo("then"));
        UpstreamStub.server().stubFor(get(urlPathEqualTo("/t/" + name)).inScenario(name).whenScenarioStateIs("then").willReturn(then));
    }

    /** Queues a viewer's refresh of one symbol and waits for its job to finish: its history row. */
    private Map<String, Object> refreshOnce(DataType dt, String symbol) {
        Fixtures.enqueue(enqueuer, pool, dt, JobOrigin.VIEWER, List.of(symbol));
        return Fixtures.historyOf(dt.dataType(), symbol);
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUntilAttemptsRunOutThenFailed() {
        DataType dt = type("err500", 3, "live");
        stub("err500", 500, "{}");
        Map<String, Object> h = refreshOnce(dt, "FIVE");

        assertThat(h.get("status")).isEqualTo("failed");
        assertThat(h.get("attempts")).isEqualTo(3);
        assertThat((String) h.get("last_error")).contains("HTTP 500");
        assertThat(h.get("http_status")).isEqualTo(500);
        List<ServeEvent> calls = UpstreamStub.server().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().startsWith("/t/err500"))
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate())).toList();
        assertThat(calls).hasSize(3);
        long firstGap = calls.get(1).getRequest().getLoggedDate().getTime() - calls.get(0).getRequest().getLoggedDate().getTime();
        long secondGap = calls.get(2).getRequest().getLoggedDate().getTime() - calls.get(1).getRequest().getLoggedDate().getTime();
        assertThat(firstGap).as("first retry after 0.1-0.2 s (base 0.2 s, jittered)").isGreaterThanOrEqualTo(100);
        assertThat(secondGap).as("second retry after 0.2-0.4 s").isGreaterThanOrEqualTo(200);
        assertThat(sql.count("select coalesce(sum(errors), 0) from api_usage where provider = 'err500-p'")).isEqualTo(3);
        assertThat(sql.count("select coalesce(sum(calls), 0) from api_usage where provider = 'err500-p'")).isEqualTo(3);
        // the API key was in every URL; it is in no error
        assertThat((String) h.get("last_error")).doesNotContain(UpstreamStub.API_KEY);
    }

    @Test
    void backoffDoublesFromTheBaseUpToTheCapWithJitterInTheUpperHalf() {
        RetrySettings s = RetrySettings.DEFAULT;
        assertThat(Backoff.nominal(s, 1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Backoff.nominal(s, 2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Backoff.nominal(s, 4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(Backoff.nominal(s, 20)).isEqualTo(Duration.ofSeconds(300));
        for (int i = 0; i < 200; i++) {
            assertThat(Backoff.jittered(s, 3)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
        }
    }

    @Test
    void tooManyRequestsWaitsForRetryAfterSpendsNoAttemptAndIsCounted() {
        DataType dt = type("throttled", 5, "live");
        firstThen("throttled", aResponse().withStatus(429).withHeader("Retry-After", "2"),
                aResponse().withBody(Fixtures.quoteJson("THR", "10.5", 1_700_000_000)));
        Map<String, Object> h = refreshOnce(dt, "THR");

        assertThat(h.get("status")).isEqualTo("completed");
        assertThat(h.get("attempts")).as("the 429 gave its attempt back").isEqualTo(1);
        List<ServeEvent> calls = UpstreamStub.server().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().startsWith("/t/throttled"))
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate())).toList();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1).getRequest().getLoggedDate().getTime() - calls.get(0).getRequest().getLoggedDate().getTime())
                .as("Retry-After: 2 honoured").isGreaterThanOrEqualTo(1900);
        assertThat(sql.count("select coalesce(sum(rate_limited), 0) from api_usage where provider = 'throttled-p'")).isEqualTo(1);
        assertThat(sql.count("select coalesce(sum(calls), 0) from api_usage where provider = 'throttled-p'"))
                .as("the refused call spent no quota; only the successful one counts").isEqualTo(1);
        assertThat(sql.count("select count(*) from provider_circuit_state where provider = 'throttled-p' and state = 'open'"))
                .as("a 429 never opens the circuit").isZero();
    }

    @Test
    void aProviderThatAnswers429ForEverEndsTheJobFailedAfterMaxThrottlesEachWaitCappedAtRetryAfterCap() {
        DataType dt = type("throttled-forever", 5, "live");
        // an hour's Retry-After each time: capped to 3 s (freshet.processor.retry-after-cap), 3 throttles at most
        UpstreamStub.server().stubFor(get(urlPathEqualTo("/t/throttled-forever"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));
        Fixtures.enqueue(enqueuer, pool, dt, JobOrigin.VIEWER, List.of("TFE"));

        await().atMost(Duration.ofSeconds(5)).until(() ->
                sql.count("select count(*) from refresh_jobs where data_type = 'throttled-forever' and throttles = 1") == 1);
        assertThat(sql.count("select count(*) from refresh_jobs where data_type = 'throttled-forever'"
                + " and run_after between now() + interval '1 second' and now() + interval '4 seconds'"))
                .as("the hour's Retry-After was cut to the 3 s cap").isEqualTo(1);
        Map<String, Object> h = Fixtures.historyOf("throttled-forever", "TFE");

        assertThat(h.get("status")).isEqualTo("failed");
        assertThat((String) h.get("last_error")).contains("gave up after 3 rate-limited answers");
        assertThat(h.get("attempts")).as("the throttles before gave theirs back").isEqualTo(1);
        assertThat(UpstreamStub.server().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().startsWith("/t/throttled-forever")).count()).isEqualTo(3);
        assertThat(sql.count("select coalesce(sum(rate_limited), 0) from api_usage where provider = 'throttled-forever-p'")).isEqualTo(3);
    }

    @Test
    void timeoutIsRetriedAndTheNextAttemptSucceeds() {
        quota("slow-p").requestTimeoutMs(300).safetyMarginPct(0).onDemandReservePct(0).insert(Fixtures.sql());
        DataType dt = Fixtures.quoteType(registry, "slow", "slow-p", 5, "live", null);
        firstThen("slow", aResponse().withFixedDelay(2000).withBody("[]"), aResponse().withBody(Fixtures.quoteJson("SLOW", "20", 1_700_000_000)));
        await().atMost(Duration.ofSeconds(5)).until(() -> sql.count("select count(*) from provider_quotas where provider = 'slow-p'") == 1);
        Map<String, Object> h = refreshOnce(dt, "SLOW");

        assertThat(h.get("status")).isEqualTo("completed");
        assertThat(h.get("attempts")).isEqualTo(2);
        assertThat(sql.count("select coalesce(sum(errors), 0) from api_usage where provider = 'slow-p'")).isEqualTo(1);
    }

    @Test
    void aConnectionClosedBeforeAnyAnswerIsSentOnceMoreAndTheCallSucceeds() {
        DataType dt = type("closed", 5, "live");
        firstThen("closed", aResponse().withFault(Fault.EMPTY_RESPONSE), aResponse().withBody(Fixtures.quoteJson("CLSD", "20", 1_700_000_000)));

        Map<String, Object> h = refreshOnce(dt, "CLSD");

        assertThat(h.get("status")).isEqualTo("completed");
        assertThat(h.get("attempts")).as("within the same attempt").isEqualTo(1);
        assertThat(UpstreamStub.server().findAll(getRequestedFor(urlPathEqualTo("/t/closed")))).hasSize(2);
        assertThat(sql.count("select coalesce(sum(errors), 0) from api_usage where provider = 'closed-p'")).isZero();
    }

    @Test
    void anAnswerCutOffAfterItBeganIsNotSentAgain() {
        DataType dt = type("cut-answer", 5, "live");
        firstThen("cut-answer", aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK),
                aResponse().withBody(Fixtures.quoteJson("CUTO", "20", 1_700_000_000)));

        Map<String, Object> h = refreshOnce(dt, "CUTO");

        assertThat(h.get("status")).isEqualTo("completed");
        assertThat(h.get("attempts")).as("the provider answered: the call counted, and the job's retry made the second").isEqualTo(2);
    }

    @Test
    void malformedJsonFailsAtOnce() {
        DataType dt = type("malformed", 5, "live");
        stub("malformed", 200, "[{\"symbol\": \"BAD\", \"price\": ");
        Map<String, Object> h = refreshOnce(dt, "BAD");

        assertThat(h.get("status")).isEqualTo("failed");
        assertThat(h.get("attempts")).isEqualTo(1);
        assertThat((String) h.get("last_error")).contains("malformed JSON");
    }

    @Test
    void otherClientErrorsFailAtOnce() {
        DataType dt = type("notfound", 5, "live");
        stub("notfound", 404, "{}");
        Map<String, Object> h = refreshOnce(dt, "NOPE");

        assertThat(h.get("status")).isEqualTo("failed");
        assertThat(h.get("attempts")).isEqualTo(1);
        assertThat(h.get("http_status")).isEqualTo(404);
    }

    @Test
    void sanityViolationFailsAtOnceAndWritesNothing() {
        DataType dt = type("insane", 5, "live");
        stub("insane", 200, Fixtures.quoteJson("ZERO", "0", 1_700_000_000));
        Map<String, Object> h = refreshOnce(dt, "ZERO");

        assertThat(h.get("status")).isEqualTo("failed");
        assertThat((String) h.get("last_error")).contains("sanity rule price > 0 and < 100000");
        assertThat(sql.count("select count(*) from quotes where symbol = 'ZERO'")).isZero();
    }

    @Test
    void olderSourceTimestampNeverOverwritesNewerData() {
        DataType dt = type("older", 5, "live");
        sql.update("insert into quotes (symbol, price, source_ts, refreshed_at) values ('OLDR', 50, to_timestamp(1700000100), now() - interval '1 hour')");
        stub("older", 200, Fixtures.quoteJson("OLDR", "40", 1_700_000_000));
        Map<String, Object> h = refreshOnce(dt, "OLDR");

        assertThat(h.get("status")).isEqualTo("completed");
        assertThat(h.get("rows_written")).isEqualTo(0);
        assertThat((String) h.get("last_error")).contains("newer");
        assertThat(sql.value("select price::text from quotes where symbol = 'OLDR'")).isEqualTo("50");
    }

    @Test
    void shadowModeRecordsTheDifferenceAndLeavesTheLiveTableUntouched() {
        DataType dt = type("shadowed", 5, "shadow");
        sql.update("insert into quotes (symbol, name, price, volume, source_ts, refreshed_at) values ('SHDW', 'SHDW Inc', 10, 1200, to_timestamp(1600000000), now() - interval '1 hour')");
        stub("shadowed", 200, Fixtures.quoteJson("SHDW", "12", 1_700_000_000));
        Map<String, Object> h = refreshOnce(dt, "SHDW");

        assertThat(h.get("status")).isEqualTo("completed");
        assertThat(sql.value("select price::text from quotes where symbol = 'SHDW'")).isEqualTo("10");
        Map<String, Object> shadow = sql.rows("select differs, new_row ->> 'price' as new_price, live_row ->> 'price' as live_price, "
                + "row_key ->> 'symbol' as k from shadow_writes where data_type = 'shadowed'").get(0);
        assertThat(shadow).containsEntry("differs", true).containsEntry("new_price", "12").containsEntry("live_price", "10")
                .containsEntry("k", "SHDW");
    }

    @Test
    void repeatedFaultsOpenTheCircuitWhichHalfOpensForOneProbeAndClosesOnSuccess() {
        DataType dt = type("circuit", 10, "live");
        String path = "/t/circuit";
        for (int i = 0; i < 3; i++) {
            UpstreamStub.server().stubFor(get(urlPathEqualTo(path)).inScenario("cb").whenScenarioStateIs(i == 0 ? Scenario.STARTED : "f" + i)
                    .willReturn(aResponse().withStatus(503)).willSetStateTo("f" + (i + 1)));
        }
        UpstreamStub.server().stubFor(get(urlPathEqualTo(path)).inScenario("cb").whenScenarioStateIs("f3")
                .willReturn(aResponse().withBody(Fixtures.quoteJson("CB", "5", 1_700_000_000))));
        Fixtures.enqueue(enqueuer, pool, dt, JobOrigin.VIEWER, List.of("CB"));

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() ->
                sql.count("select count(*) from provider_circuit_state where provider = 'circuit-p' and state = 'open'") == 1);
        Map<String, Object> h = Fixtures.historyOf("circuit", "CB");
        assertThat(h.get("status")).isEqualTo("completed");
        await().atMost(Duration.ofSeconds(5)).until(() ->
                sql.count("select count(*) from provider_circuit_state where provider = 'circuit-p' and state = 'closed'") == 1);
        // three faults, then (after the open period) exactly one probe that succeeded
        assertThat(UpstreamStub.server().getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().startsWith(path))).hasSize(4);
        assertThat(h.get("attempts")).isEqualTo(4);
    }
}
