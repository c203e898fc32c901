package dev.freshet.admin.ui;

import dev.freshet.shared.token.ClientTokenFormat;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import dev.freshet.admin.TestData;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static dev.freshet.testsupport.rows.HistoryRow.finished;
import static dev.freshet.testsupport.rows.JobRow.job;
import static dev.freshet.admin.AdminApi.anonymous;
import static dev.freshet.admin.AdminApi.asAdmin;
import static dev.freshet.admin.AdminApi.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class UiApiTest {

    /** The start of the database's current minute, which the timeline's buckets align on. */
    private static final String MINUTE = "date_trunc('minute', now())";

    private final TestSql sql = TestSql.current();

    @Test
    void meTellsTheUiWhetherToShowWriteControls() {
        asAdmin().get("/api/v1/me").then().statusCode(200)
                .body("username", equalTo("admin")).body("admin", equalTo(true)).body("roles", hasItems("admin", "viewer"));
        asViewer().get("/api/v1/me").then().statusCode(200)
                .body("username", equalTo("viewer")).body("admin", equalTo(false)).body("roles", equalTo(List.of("viewer")));
        anonymous().get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void uiConfigNamesTheTrackerAndTheRefreshSettings() {
        asViewer().get("/api/v1/ui-config").then().statusCode(200)
                .body("trackerUrl", equalTo("http://localhost:8081"))
                .body("refreshIntervalMs", equalTo(10_000)).body("timelineMinutes", equalTo(60));
    }

    @Test
    void theLiveViewGetsTrackerTokensForItsOwnClientIdsOnly() {
        String token = asViewer().get("/api/v1/ui/tracker-token?clientId=admin-ui-1a2b3c").then().statusCode(200)
                .body("clientId", equalTo("admin-ui-1a2b3c")).body("expiresAt", not(nullValue()))
                .extract().path("token");
        assertThat(ClientTokenFormat.verify("live-view-test-secret".getBytes(StandardCharsets.UTF_8), token, Instant.now()))
                .contains("admin-ui-1a2b3c");
        asViewer().get("/api/v1/ui/tracker-token?clientId=checkout-web-7").then().statusCode(400)
                .contentType("application/problem+json");
        asViewer().get("/api/v1/ui/tracker-token").then().statusCode(400);
        anonymous().get("/api/v1/ui/tracker-token?clientId=admin-ui-1a2b3c").then().statusCode(401);
    }

    @Test
    void scriptRequestsGetTheir401WithoutABrowserChallenge() {
        anonymous().header("X-Requested-With", "XMLHttpRequest").get("/api/v1/me").then().statusCode(401)
                .header("WWW-Authenticate", nullValue()).body("status", equalTo(401));
        anonymous().get("/api/v1/me").then().statusCode(401).header("WWW-Authenticate", not(nullValue()));
    }

    @Test
    void timelineRebuildsQueueDepthAndThroughputPerMinute() {
        TestData.copyDataType(sql, "profile", "ui-timeline", "fmp");
        TestData.awayFromMinuteBoundary();
        // queued 30 minutes ago, never claimed: pending in every minute since
        job("ui-timeline", "P1").priority(5).enqueuedAtSql("now() - interval '30 minutes'").insert(sql);
        // claimed 10 minutes ago and still running
        job("ui-timeline", "P2").priority(5).enqueuedAtSql("now() - interval '12 minutes'")
                .processingSql("p-1", "now() - interval '10 minutes'", "now() + interval '1 minute'").insert(sql);
        // finished 5 minutes ago: one completed, one failed
        finished(930001, "ui-timeline", "D1").priority(5).timesSql(MINUTE + " - interval '7 minutes'",
                MINUTE + " - interval '6 minutes'", MINUTE + " - interval '5 minutes' + interval '10 seconds'").insert(sql);
        finished(930002, "ui-timeline", "D2").priority(5).status("failed").attempts(5).timesSql(MINUTE + " - interval '7 minutes'",
                MINUTE + " - interval '6 minutes'", MINUTE + " - interval '5 minutes' + interval '20 seconds'").insert(sql);

        JsonPath timeline = asViewer().get("/api/v1/ui/timeline?minutes=60").then().statusCode(200).extract().jsonPath();
        List<Integer> pending = timeline.getList("minutes.pending", Integer.class);
        List<Integer> processing = timeline.getList("minutes.processing", Integer.class);
        List<Integer> completed = timeline.getList("minutes.completed", Integer.class);
        List<Integer> failed = timeline.getList("minutes.failed", Integer.class);
        assertThat(pending).hasSize(60);
        int now = 59;
        int fiveAgo = now - 5;
        // the database is shared with other tests: compare with what this test added, minute against minute
        assertThat(completed.get(fiveAgo)).isGreaterThanOrEqualTo(1);
        assertThat(failed.get(fiveAgo)).isGreaterThanOrEqualTo(1);
        assertThat(processing.get(now)).isGreaterThanOrEqualTo(1);
        assertThat(pending.get(now)).isGreaterThanOrEqualTo(1);
        asViewer().get("/api/v1/ui/timeline?minutes=0").then().statusCode(400);
        asViewer().get("/api/v1/ui/timeline?minutes=99999").then().statusCode(400);
    }

    @Test
    void timelineCountsAJobPendingThenProcessingThenDoneInTheRightMinutes() {
        // a history row only: pending from minute -20, processing from -15, completed in -10
        TestData.copyDataType(sql, "profile", "ui-lifecycle", "fmp");
        TestData.awayFromMinuteBoundary();
        JsonPath before = asViewer().get("/api/v1/ui/timeline?minutes=30").then().statusCode(200).extract().jsonPath();
        finished(930101, "ui-lifecycle", "L1").priority(5).timesSql(MINUTE + " - interval '20 minutes' + interval '5 seconds'",
                MINUTE + " - interval '15 minutes' + interval '5 seconds'",
                MINUTE + " - interval '10 minutes' + interval '5 seconds'").insert(sql);
        JsonPath after = asViewer().get("/api/v1/ui/timeline?minutes=30").then().statusCode(200).extract().jsonPath();
        int now = 29;
        int[] pendingDelta = delta(before, after, "pending");
        int[] processingDelta = delta(before, after, "processing");
        int[] completedDelta = delta(before, after, "completed");
        assertThat(pendingDelta[now - 21]).isZero();
        assertThat(pendingDelta[now - 20]).isEqualTo(1);
        assertThat(pendingDelta[now - 16]).isEqualTo(1);
        assertThat(pendingDelta[now - 15]).isZero();
        assertThat(processingDelta[now - 15]).isEqualTo(1);
        assertThat(processingDelta[now - 11]).isEqualTo(1);
        assertThat(processingDelta[now - 10]).isZero();
        assertThat(completedDelta[now - 10]).isEqualTo(1);
        assertThat(completedDelta[now - 9]).isZero();
    }

    private static int[] delta(JsonPath before, JsonPath after, String field) {
        List<Integer> b = before.getList("minutes." + field, Integer.class);
        List<Integer> a = after.getList("minutes." + field, Integer.class);
        int[] d = new int[a.size()];
        for (int i = 0; i < a.size(); i++) {
            d[i] = a.get(i) - b.get(i);
        }
        return d;
    }

    @Test
    void circuitsListEveryProcessorsStateOpenFirst() {
        sql.update("""
                insert into provider_circuit_state (provider, instance_id, state, changed_at, open_until, last_error)
                values ('ui-prov-a', 'p-1', 'closed', now() - interval '1 hour', null, null),
                       ('ui-prov-b', 'p-1', 'open', now() - interval '1 minute', now() + interval '30 seconds', 'HTTP 503')
                on conflict do nothing""");
        JsonPath circuits = asViewer().get("/api/v1/ui/circuits").then().statusCode(200).extract().jsonPath();
        assertThat(circuits.getString("[0].state")).isEqualTo("open");
        assertThat(circuits.getString("find { it.provider == 'ui-prov-b' }.lastError")).isEqualTo("HTTP 503");
        assertThat(circuits.getString("find { it.provider == 'ui-prov-b' }.openUntil")).isNotNull();
        assertThat(circuits.getString("find { it.provider == 'ui-prov-a' }.state")).isEqualTo("closed");
    }

    @Test
    void theUiAndChartJsAreServedWithoutCredentials() {
        anonymous().get("/").then().statusCode(200).body(org.hamcrest.Matchers.containsString("Freshet admin"));
        anonymous().get("/ui/app.js").then().statusCode(200);
        anonymous().get("/webjars/chart.js/4.5.1/dist/chart.umd.min.js").then().statusCode(200);
    }
}
