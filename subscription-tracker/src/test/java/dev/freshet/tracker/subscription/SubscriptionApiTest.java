package dev.freshet.tracker.subscription;

import dev.freshet.shared.queue.Priorities;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.Registry;
import dev.freshet.shared.staleness.FreshnessState;
import dev.freshet.shared.staleness.PairFreshness;
import dev.freshet.tracker.Api;
import dev.freshet.tracker.TestClock;
import dev.freshet.tracker.freshness.FreshnessService;
import dev.freshet.tracker.guard.Caller;
import dev.freshet.tracker.refresh.RefreshRequests;
import dev.freshet.tracker.refresh.RefreshStatus;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static dev.freshet.tracker.Api.as;
import static dev.freshet.tracker.Api.newClient;
import static dev.freshet.tracker.Api.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class SubscriptionApiTest {

    private final TestSql sql = TestSql.current();

    @Inject
    TestClock clock;

    @Inject
    Registry registry;

    @Inject
    RefreshRequests refreshes;

    @Inject
    FreshnessService freshness;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private int profilePriority(int viewers) {
        return Priorities.viewer(registry.find("profile").orElseThrow(), viewers);
    }

    private long jobs(String dataType, String symbol) {
        return sql.count("select count(*) from refresh_jobs where data_type = ? and symbol = ?", dataType, symbol);
    }

    @Test
    void subscribingToMissingProfileRecordsPresenceAndQueuesOneRefresh() {
        String client = newClient("c");
        as(client).body(subscribe(client, "MISS1", "profile")).post("/v1/subscriptions")
                .then().statusCode(200)
                .body("clientId", equalTo(client))
                .body("tracking", equalTo(true))
                .body("expiresAt", notNullValue())
                .body("subscriptions", hasSize(1))
                .body("subscriptions[0].dataType", equalTo("profile"))
                .body("subscriptions[0].symbol", equalTo("MISS1"))
                .body("subscriptions[0].state", equalTo("missing"))
                .body("subscriptions[0].queued", equalTo(true))
                .body("subscriptions[0].refresh", equalTo("queued"));

        assertThat(sql.count("select count(*) from active_subscriptions where client_id = ? and symbol = 'MISS1' and data_type = 'profile'", client)).isEqualTo(1);
        Map<String, Object> job = sql.rows("select * from refresh_jobs where data_type = 'profile' and symbol = 'MISS1'").get(0);
        assertThat(job.get("origin")).isEqualTo("viewer");
        assertThat(job.get("viewer_count")).isEqualTo(1);
        assertThat(job.get("priority")).isEqualTo(profilePriority(1));
        assertThat(job.get("provider")).isEqualTo("fmp");
    }

    @Test
    void subscribingAgainDoesNotQueueADuplicate() {
        String client = newClient("c");
        as(client).body(subscribe(client, "DUP1", "profile")).post("/v1/subscriptions").then().statusCode(200);
        as(client).body(subscribe(client, "dup1", "profile")).post("/v1/subscriptions")
                .then().statusCode(200)
                .body("subscriptions[0].symbol", equalTo("DUP1"))
                .body("subscriptions[0].queued", equalTo(false))
                .body("subscriptions[0].refresh", equalTo("queued"));
        assertThat(jobs("profile", "DUP1")).isEqualTo(1);
        assertThat(sql.value("select viewer_count from refresh_jobs where data_type = 'profile' and symbol = 'DUP1'")).isEqualTo(1);
    }

    @Test
    void aSecondViewerRaisesTheQueuedJobsPriorityAndLeavingLowersItAgain() {
        String first = newClient("a");
        String second = newClient("b");
        as(first).body(subscribe(first, "PRIO1", "profile")).post("/v1/subscriptions").then().statusCode(200);
        as(second).body(subscribe(second, "PRIO1", "profile")).post("/v1/subscriptions")
                .then().statusCode(200).body("subscriptions[0].queued", equalTo(false));

        assertThat(jobs("profile", "PRIO1")).isEqualTo(1);
        assertThat(sql.value("select viewer_count from refresh_jobs where data_type = 'profile' and symbol = 'PRIO1'")).isEqualTo(2);
        assertThat(sql.value("select priority from refresh_jobs where data_type = 'profile' and symbol = 'PRIO1'")).isEqualTo(profilePriority(2));

        as(second).delete("/v1/subscriptions/" + second + "/PRIO1").then().statusCode(200).body("removed", equalTo(1));

        assertThat(sql.value("select viewer_count from refresh_jobs where data_type = 'profile' and symbol = 'PRIO1'")).isEqualTo(1);
        assertThat(sql.value("select priority from refresh_jobs where data_type = 'profile' and symbol = 'PRIO1'")).isEqualTo(profilePriority(1));
    }

    @Test
    void theViewerBoostDecaysWhenPresenceLapses() {
        String first = newClient("a");
        String second = newClient("b");
        as(first).body(subscribe(first, "LAPSE1", "profile")).post("/v1/subscriptions").then().statusCode(200);
        as(second).body(subscribe(second, "LAPSE1", "profile")).post("/v1/subscriptions").then().statusCode(200);
        assertThat(sql.value("select priority from refresh_jobs where symbol = 'LAPSE1'")).isEqualTo(profilePriority(2));

        clock.advance(Duration.ofSeconds(91));
        int lowered = refreshes.decay(null).await().atMost(Duration.ofSeconds(5));

        assertThat(lowered).isGreaterThanOrEqualTo(1);
        Map<String, Object> job = sql.rows("select priority, viewer_count from refresh_jobs where symbol = 'LAPSE1'").get(0);
        assertThat(job.get("viewer_count")).isEqualTo(0);
        assertThat(job.get("priority")).isEqualTo(Priorities.scheduled(registry.find("profile").orElseThrow()));
    }

    @Test
    void anExpiredViewerNoLongerCountsAsPresent() {
        String first = newClient("a");
        String second = newClient("b");
        as(first).body(subscribe(first, "EXP1", "profile")).post("/v1/subscriptions").then().statusCode(200);

        clock.advance(Duration.ofSeconds(91));
        as(second).body(subscribe(second, "EXP1", "profile")).post("/v1/subscriptions").then().statusCode(200);

        assertThat(sql.value("select viewer_count from refresh_jobs where symbol = 'EXP1'")).isEqualTo(1);
        as(first).contentType("application/json").body(Map.of("clientId", first)).post("/v1/heartbeat")
                .then().statusCode(200).body("renewed", equalTo(0)).body("expiresAt", nullValue());
    }

    @Test
    void aFreshProfileIsAnsweredFreshAndQueuesNothing() {
        sql.update("insert into profiles (symbol, company_name, refreshed_at) values ('FRESH1', 'Fresh Inc', now())");
        String client = newClient("c");
        as(client).body(subscribe(client, "FRESH1", "profile")).post("/v1/subscriptions")
                .then().statusCode(200)
                .body("subscriptions[0].state", equalTo("fresh"))
                .body("subscriptions[0].updatedAt", notNullValue())
                .body("subscriptions[0].queued", equalTo(false))
                .body("subscriptions[0].refresh", equalTo("none"));
        assertThat(jobs("profile", "FRESH1")).isZero();
        assertThat(sql.count("select count(*) from active_subscriptions where client_id = ?", client)).isEqualTo(1);
    }

    @Test
    void aFreshProfilePastItsRefreshAheadAgeIsQueuedWithItsDeadlineAndStillAnsweredFresh() {
        // profile: TTL 1 day, default lead 0.2, so due at 19.2 h of age
        OffsetDateTime refreshed = OffsetDateTime.now(ZoneOffset.UTC).minusHours(20).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        sql.update("insert into profiles (symbol, company_name, refreshed_at) values ('AHEAD1', 'Ahead Inc', ?)", refreshed);
        sql.update("insert into profiles (symbol, company_name, refreshed_at) values ('YOUNG1', 'Young Inc', ?)", refreshed.plusHours(2));
        String client = newClient("c");
        as(client).body(subscribe(client, "AHEAD1", "profile")).post("/v1/subscriptions")
                .then().statusCode(200)
                .body("subscriptions[0].state", equalTo("fresh"))
                .body("subscriptions[0].queued", equalTo(true));
        as(client).body(subscribe(client, "YOUNG1", "profile")).post("/v1/subscriptions")
                .then().statusCode(200)
                .body("subscriptions[0].state", equalTo("fresh"))
                .body("subscriptions[0].queued", equalTo(false));
        assertThat(sql.count("select count(*) from refresh_jobs where data_type = 'profile' and symbol = 'AHEAD1' and deadline_at = ?",
                refreshed.plusDays(1))).as("deadline = newest row + TTL").isEqualTo(1);
        assertThat(jobs("profile", "YOUNG1")).isZero();
    }

    @Test
    void aPairReadBeforeARefreshCommittedIsNotQueuedAgainAfterIt() {
        DataType profile = registry.find("profile").orElseThrow();
        Instant read = clock.instant().minus(Duration.ofHours(20));
        // both read 20 h old (past the refresh-ahead age); then the processor's notification of RACED1's refresh arrives.
        // A caller with a token of its own: the tests' HTTP callers share 127.0.0.1, and the unauthenticated callers' pool,
        // whose fair share of calls other tests may have spent
        freshness.refreshed("profile", "RACED1", clock.instant());
        Map<String, RefreshStatus> out = refreshes.enqueueDue(profile, List.of(
                        new PairFreshness("RACED1", FreshnessState.FRESH, read, false),
                        new PairFreshness("UNRACED1", FreshnessState.FRESH, read, false)), new Caller(newClient("c"), "race-test", "203.0.113.17"))
                .await().atMost(Duration.ofSeconds(5));

        assertThat(out.get("RACED1")).as("refreshed since it was read: nothing queued").isEqualTo(RefreshStatus.NONE);
        assertThat(jobs("profile", "RACED1")).isZero();
        assertThat(out.get("UNRACED1").refresh()).isEqualTo("queued");
        assertThat(jobs("profile", "UNRACED1")).isEqualTo(1);
    }

    @Test
    void aStaleProfileKeepsItsValueAndIsQueued() {
        sql.update("insert into profiles (symbol, company_name, refreshed_at) values ('STALE1', 'Old Inc', ?)",
                OffsetDateTime.now(ZoneOffset.UTC).minusDays(2));
        String client = newClient("c");
        as(client).body(subscribe(client, "STALE1", "profile")).post("/v1/subscriptions")
                .then().statusCode(200)
                .body("subscriptions[0].state", equalTo("stale"))
                .body("subscriptions[0].updatedAt", notNullValue())
                .body("subscriptions[0].queued", equalTo(true));
        assertThat(jobs("profile", "STALE1")).isEqualTo(1);
    }

    @Test
    void aRefreshInProgressIsReportedAsRunning() {
        String client = newClient("c");
        as(client).body(subscribe(client, "RUN1", "profile")).post("/v1/subscriptions").then().statusCode(200);
        sql.update("update refresh_jobs set status = 'processing', claimed_at = now(), claimed_by = 'p1', "
                + "lease_expires_at = now() + interval '1 minute' where symbol = 'RUN1'");
        as(client).body(subscribe(client, "RUN1", "profile")).post("/v1/subscriptions")
                .then().statusCode(200)
                .body("subscriptions[0].state", equalTo("missing"))
                .body("subscriptions[0].refresh", equalTo("running"))
                .body("subscriptions[0].queued", equalTo(false));
        assertThat(jobs("profile", "RUN1")).isEqualTo(1);
    }

    @Test
    void aGlobalDataTypeIsSubscribedWithoutASymbol() {
        String client = newClient("c");
        String state = as(client).body(Map.of("clientId", client, "dataTypes", List.of("available-exchanges")))
                .post("/v1/subscriptions")
                .then().statusCode(200)
                .body("subscriptions[0].dataType", equalTo("available-exchanges"))
                .body("subscriptions[0].symbol", equalTo("*"))
                .extract().path("subscriptions[0].state");
        assertThat(sql.count("select count(*) from active_subscriptions where client_id = ? and symbol = '*'", client)).isEqualTo(1);
        // other tests may have cached exchanges already; either way the answer and the queue agree
        assertThat(jobs("available-exchanges", "*")).isEqualTo("fresh".equals(state) ? 0 : 1);
    }

    @Test
    void aBatchSubscribesAPageOfSymbolsInOneCall() {
        String client = newClient("c");
        List<String> symbols = IntStream.range(0, 50).mapToObj(i -> "PAGE" + i).toList();
        as(client).body(Map.of("clientId", client, "symbols", symbols, "dataTypes", List.of("quote")))
                .post("/v1/subscriptions/batch")
                .then().statusCode(200)
                .body("subscriptions", hasSize(50))
                .body("subscriptions.state", org.hamcrest.Matchers.everyItem(equalTo("missing")));
        assertThat(sql.count("select count(*) from active_subscriptions where client_id = ?", client)).isEqualTo(50);
        assertThat(sql.count("select count(*) from refresh_jobs where data_type = 'quote' and symbol like 'PAGE%'")).isEqualTo(50);
    }

    @Test
    void aHeartbeatRenewsEveryLiveSubscriptionOfTheClient() {
        String client = newClient("c");
        as(client).body(Map.of("clientId", client, "symbols", List.of("HB1", "HB2"), "dataTypes", List.of("quote", "profile")))
                .post("/v1/subscriptions/batch").then().statusCode(200);
        clock.advance(Duration.ofSeconds(60));
        as(client).body(Map.of("clientId", client)).post("/v1/heartbeat")
                .then().statusCode(200).body("renewed", equalTo(4)).body("expiresAt", notNullValue());
        clock.advance(Duration.ofSeconds(60));
        // 120 s after joining, but 60 s after the heartbeat: still live
        as(client).body(Map.of("clientId", client)).post("/v1/heartbeat").then().statusCode(200).body("renewed", equalTo(4));
    }

    @Test
    void leavingEverythingRemovesAllOfTheClientsSubscriptions() {
        String client = newClient("c");
        as(client).body(Map.of("clientId", client, "symbols", List.of("BYE1", "BYE2"), "dataTypes", List.of("quote")))
                .post("/v1/subscriptions/batch").then().statusCode(200);
        as(client).delete("/v1/subscriptions/" + client).then().statusCode(200).body("removed", equalTo(2));
        assertThat(sql.count("select count(*) from active_subscriptions where client_id = ?", client)).isZero();
    }

    @Test
    void aClientOverItsSubscriptionCapIsRefusedAndNothingIsWritten() {
        String client = newClient("cap");
        List<String> symbols = IntStream.range(0, 40).mapToObj(i -> "CAP" + i).toList();
        as(client).body(Map.of("clientId", client, "symbols", symbols, "dataTypes", List.of("quote", "profile")))
                .post("/v1/subscriptions/batch")
                .then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("detail", org.hamcrest.Matchers.containsString("cap"));
        assertThat(sql.count("select count(*) from active_subscriptions where client_id = ?", client)).isZero();
        assertThat(sql.count("select count(*) from refresh_jobs where symbol like 'CAP%'")).isZero();
    }

    @Test
    void withPresenceTrackingOffTheAnswerIsStateOnlyAndNothingIsRecordedOrQueued() {
        sql.update("update feature_flags set enabled = false where flag_name = 'use_presence_tracking'");
        try {
            String client = newClient("off");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    as(client).body(subscribe(client, "OFF1", "profile")).post("/v1/subscriptions")
                            .then().statusCode(200)
                            .body("tracking", equalTo(false))
                            .body("note", org.hamcrest.Matchers.containsString("presence tracking is off"))
                            .body("subscriptions[0].state", equalTo("missing"))
                            .body("subscriptions[0].tracked", equalTo(false))
                            .body("subscriptions[0].queued", equalTo(false)));
            assertThat(sql.count("select count(*) from active_subscriptions where client_id = ?", client)).isZero();
            assertThat(jobs("profile", "OFF1")).isZero();
        } finally {
            sql.update("update feature_flags set enabled = true where flag_name = 'use_presence_tracking'");
            String probe = newClient("on");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    as(probe).body(subscribe(probe, "ON1", "profile")).post("/v1/subscriptions")
                            .then().statusCode(200).body("tracking", equalTo(true)));
        }
    }

    @Test
    void aPerDataTypeFlagOverrideTurnsTrackingOffForThatTypeOnly() {
        sql.update("update feature_flags set metadata = '{\"dataTypes\": {\"quote\": false}}' where flag_name = 'use_presence_tracking'");
        try {
            String client = newClient("ovr");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    as(client).body(subscribe(client, "OVR1", "profile", "quote")).post("/v1/subscriptions")
                            .then().statusCode(200)
                            .body("tracking", equalTo(false))
                            .body("subscriptions.find { it.dataType == 'quote' }.tracked", equalTo(false))
                            .body("subscriptions.find { it.dataType == 'profile' }.tracked", equalTo(true)));
            assertThat(jobs("quote", "OVR1")).isZero();
            assertThat(jobs("profile", "OVR1")).isEqualTo(1);
        } finally {
            sql.update("update feature_flags set metadata = '{}' where flag_name = 'use_presence_tracking'");
            String probe = newClient("on");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    as(probe).body(subscribe(probe, "ON2", "quote")).post("/v1/subscriptions")
                            .then().statusCode(200).body("tracking", equalTo(true)));
        }
    }
}
