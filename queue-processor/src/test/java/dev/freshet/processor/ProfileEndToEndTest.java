package dev.freshet.processor;

import dev.freshet.testsupport.UpstreamStub;
import dev.freshet.shared.notify.Channels;
import dev.freshet.shared.notify.PgNotifications;
import dev.freshet.shared.queue.EnqueueCandidate;
import dev.freshet.shared.queue.EnqueueResult;
import dev.freshet.shared.queue.JobOrigin;
import dev.freshet.shared.queue.Priorities;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.staleness.FreshnessState;
import dev.freshet.shared.staleness.PairFreshness;
import dev.freshet.shared.staleness.StalenessCheck;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 2's path: a viewer's subscribe finds the profile missing, the processor refreshes it, the next check is fresh. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
class ProfileEndToEndTest extends ProcessorTestBase {

    static final String BODY = """
            [{"symbol": "AAPL", "companyName": "Apple Inc.", "currency": "USD", "exchange": "NASDAQ",
              "industry": "Consumer Electronics", "sector": "Technology", "country": "US", "ceo": "Tim Cook",
              "website": "https://www.apple.com", "description": "Phones.", "marketCap": 3500000000000,
              "price": 232.5, "beta": 1.24, "ipoDate": "1980-12-12", "image": "https://img/aapl.png"}]""";

    @Inject
    StalenessCheck staleness;
    @Inject
    PgNotifications notifications;

    @Test
    void subscribingToMissingProfileFetchesItWritesTheRowAndThenAnswersFresh() {
        UpstreamStub.server().stubFor(get(urlPathEqualTo("/stable/profile")).withQueryParam("symbol", equalTo("AAPL"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(BODY)));
        List<String> refreshed = new CopyOnWriteArrayList<>();
        notifications.channel(Channels.REFRESHED).subscribe().with(refreshed::add);
        DataType profile = registry.find("profile").orElseThrow();

        assertThat(subscribe(profile).inserted()).containsExactly("AAPL");
        assertThat(subscribe(profile).insertedCount()).as("a second subscribe does not queue a duplicate").isZero();

        TestSql sql = TestSql.current();
        await().atMost(Duration.ofSeconds(15)).until(() ->
                sql.count("select count(*) from refresh_job_history where data_type = 'profile' and symbol = 'AAPL'") == 1);
        Map<String, Object> history = sql.rows("select * from refresh_job_history where data_type = 'profile' and symbol = 'AAPL'").get(0);
        assertThat(history.get("status")).isEqualTo("completed");
        assertThat(((Number) history.get("actual_bytes")).longValue()).isEqualTo(BODY.getBytes().length);
        assertThat(history.get("http_status")).isEqualTo(200);
        assertThat(history.get("rows_written")).isEqualTo(1);
        assertThat(history.get("attempts")).isEqualTo(1);
        assertThat(sql.count("select count(*) from refresh_jobs where data_type = 'profile'")).isZero();

        Map<String, Object> row = sql.rows("select * from profiles where symbol = 'AAPL'").get(0);
        assertThat(row.get("company_name")).isEqualTo("Apple Inc.");
        assertThat(row.get("price").toString()).isEqualTo("232.5");
        assertThat(row.get("ipo_date").toString()).isEqualTo("1980-12-12");

        UpstreamStub.server().verify(getRequestedFor(urlPathEqualTo("/stable/profile"))
                .withQueryParam("apikey", equalTo(UpstreamStub.API_KEY)));
        assertThat(sql.count("select coalesce(sum(calls), 0) from api_usage where provider = 'fmp'")).isGreaterThanOrEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> refreshed.stream().map(JsonObject::new)
                .anyMatch(j -> "profile".equals(j.getString("dataType")) && "AAPL".equals(j.getString("symbol")) && j.getString("updatedAt") != null));

        PairFreshness again = staleness.check(profile, List.of("AAPL")).await().atMost(Duration.ofSeconds(5)).get("AAPL");
        assertThat(again.state()).isEqualTo(FreshnessState.FRESH);
        assertThat(sql.count("select count(*) from refresh_jobs where data_type = 'profile'")).as("nothing queued").isZero();
    }

    /** What the tracker does on subscribe: check, and enqueue the stale or missing symbols as viewer jobs. */
    private EnqueueResult subscribe(DataType profile) {
        Map<String, PairFreshness> states = staleness.check(profile, List.of("AAPL")).await().atMost(Duration.ofSeconds(5));
        List<EnqueueCandidate> stale = states.values().stream().filter(PairFreshness::needsRefresh)
                .map(p -> new EnqueueCandidate(p.symbol(), 1, Priorities.viewer(profile, 1), null)).toList();
        return enqueuer.enqueue(pool, profile, JobOrigin.VIEWER, stale).await().atMost(Duration.ofSeconds(5));
    }
}
