package dev.freshet.processor.ridealong;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.freshet.processor.Fixtures;
import dev.freshet.processor.ProcessorTestBase;
import dev.freshet.shared.queue.JobOrigin;
import dev.freshet.shared.registry.DataType;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.UpstreamStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.freshet.testsupport.rows.QuotaRow.quota;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ride-along refreshes through the running processor, against a real HTTP upstream: a batch call made for one
 * viewer's job carries the stalest cached pairs of its type that no job covers, at no extra call; when the call
 * fails, the riders leave no job and no history behind.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
class RideAlongTest extends ProcessorTestBase {

    private String current;

    @AfterEach
    void pause() {
        if (current != null) {
            sql.update("update data_type_registry set rollout_state = 'paused' where data_type = ?", current);
        }
    }

    private DataType batchType(String name, String provider) {
        current = name;
        quota(provider).callsPerMinute(100).safetyMarginPct(0).onDemandReservePct(0).insert(sql);
        return Fixtures.quoteType(registry, name, provider, 5, "paused",
                "\"batch\": {\"path\": \"/t/" + name + "-many?symbols={symbols}&apikey={apiKey}\", \"maxSymbols\": 100, \"symbolField\": \"/symbol\"}");
    }

    /**
     * A cached quote written {@code minutesAgo} minutes ago (TTL 60 s: stale when over a minute old); a century and more
     * for the stale ones, so they are the stalest rows of the shared quotes table whatever other tests left there.
     */
    private void cached(String symbol, int minutesAgo) {
        sql.update("""
                insert into quotes (symbol, name, price, refreshed_at) values (?, 'cached', 1, now() - make_interval(mins => ?))
                on conflict (symbol) do update set price = 1, refreshed_at = excluded.refreshed_at""", symbol, minutesAgo);
    }

    private static String records(long at, String... symbols) {
        return Arrays.stream(symbols).map(s -> "{\"symbol\": \"" + s + "\", \"name\": \"" + s + " Inc\", \"price\": 42.5, \"volume\": 7, \"timestamp\": " + at + "}")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static List<String> symbolsAsked(LoggedRequest request) {
        return List.of(request.queryParameter("symbols").firstValue().split(","));
    }

    @Test
    void aBatchCallForOneViewerCarriesTheStalestUnqueuedPairsOfItsTypeAtNoExtraCall() {
        DataType dt = batchType("ride-quote", "ridep");
        cached("RIDEA", 60_000_000);
        cached("RIDEB", 59_000_000);
        cached("RIDEF", 0);
        UpstreamStub.server().stubFor(get(urlPathEqualTo("/t/ride-quote-many"))
                .willReturn(okJson(records(System.currentTimeMillis() / 1000, "RIDEV", "RIDEA", "RIDEB"))));
        Fixtures.enqueue(enqueuer, pool, dt, JobOrigin.VIEWER, List.of("RIDEV"));

        Fixtures.goLive(registry, "ride-quote");
        Fixtures.historyOf("ride-quote", "RIDEV");

        List<LoggedRequest> calls = UpstreamStub.server().findAll(getRequestedFor(urlPathEqualTo("/t/ride-quote-many")));
        assertThat(calls).as("one call").hasSize(1);
        assertThat(symbolsAsked(calls.get(0))).as("the viewer's pair first, then the stale cached ones; never a fresh one")
                .startsWith("RIDEV").contains("RIDEA", "RIDEB").doesNotContain("RIDEF");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sql.count(
                "select count(*) from refresh_job_history where data_type = 'ride-quote' and origin = 'ride_along' and status = 'completed'"
                        + " and symbol in ('RIDEA', 'RIDEB')")).isEqualTo(2));
        assertThat(sql.count("select count(*) from quotes where symbol in ('RIDEA', 'RIDEB') and price = 42.5 and refreshed_at > now() - interval '1 minute'"))
                .as("the riders' rows written").isEqualTo(2);
        assertThat(sql.count("select count(*) from quotes where symbol = 'RIDEF' and price = 1")).as("the fresh row left alone").isEqualTo(1);
        assertThat(sql.count("select coalesce(sum(calls), 0) from api_usage where provider = 'ridep'")).as("one call counted").isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(sql.count("select count(*) from refresh_jobs where data_type = 'ride-quote'")).as("nothing left queued").isZero());
    }

    @Test
    void whenTheCallFailsTheRidersLeaveNoJobAndNoHistory() {
        DataType dt = batchType("ride-fail", "ridefp");
        cached("RIDEFAILA", 60_000_000);
        UpstreamStub.server().stubFor(get(urlPathEqualTo("/t/ride-fail-many")).willReturn(aResponse().withStatus(503)));
        Fixtures.enqueue(enqueuer, pool, dt, JobOrigin.VIEWER, List.of("RIDEFAILV"));

        Fixtures.goLive(registry, "ride-fail");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                UpstreamStub.server().findAll(getRequestedFor(urlPathEqualTo("/t/ride-fail-many"))).size() >= 2);
        sql.update("update data_type_registry set rollout_state = 'paused' where data_type = 'ride-fail'");

        assertThat(UpstreamStub.server().findAll(getRequestedFor(urlPathEqualTo("/t/ride-fail-many"))))
                .as("every attempt carried the stale pair").allSatisfy(r -> assertThat(symbolsAsked(r)).contains("RIDEFAILV", "RIDEFAILA"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sql.count(
                "select count(*) from refresh_jobs where data_type = 'ride-fail' and origin = 'ride_along'")).isZero());
        assertThat(sql.count("select count(*) from refresh_job_history where data_type = 'ride-fail' and origin = 'ride_along'")).isZero();
        assertThat(sql.count("select count(*) from refresh_jobs where data_type = 'ride-fail' and symbol = 'RIDEFAILV'"))
                .as("the viewer's job is retried").isEqualTo(1);
    }
}
