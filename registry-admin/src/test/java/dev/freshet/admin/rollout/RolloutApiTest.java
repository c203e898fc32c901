package dev.freshet.admin.rollout;

import dev.freshet.shared.registry.Registry;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.freshet.admin.AdminApi.asAdmin;
import static dev.freshet.admin.AdminApi.asViewer;
import static dev.freshet.admin.TestData.with;
import static dev.freshet.testsupport.rows.DataTypeRow.dataType;
import static dev.freshet.testsupport.rows.JobRow.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

/** The rollout API: validated, audited state transitions and the shadow comparison. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class RolloutApiTest {

    private static final String TYPE = "rolloutapi-quote";
    private static final String PROBLEM = "application/problem+json";

    @Inject
    Registry registry;

    private final TestSql sql = TestSql.current();

    @BeforeEach
    void typeIsOff() {
        clean();
        dataType(TYPE).rolloutState("off").insert(sql);
        registry.reload().await().atMost(Duration.ofSeconds(10));
    }

    @AfterEach
    void clean() {
        sql.forgetDataTypes("rolloutapi-%");
    }

    private String state() {
        return sql.rows("select rollout_state from data_type_registry where data_type = ?", TYPE).get(0).get("rollout_state").toString();
    }

    private void set(String state) {
        sql.update("update data_type_registry set rollout_state = ? where data_type = ?", state, TYPE);
    }

    @Test
    void offToShadowToLiveIsAuditedAndReachesTheRegistryOfEveryService() {
        asAdmin().body(Map.of("state", "shadow")).put("/api/v1/rollout/" + TYPE).then().statusCode(200)
                .body("rolloutState", equalTo("shadow"))
                .body("next", hasItems("live", "off", "paused"))
                .body("version", equalTo(2))
                .body("updatedBy", equalTo("admin"));
        asAdmin().body(Map.of("state", "live")).put("/api/v1/rollout/" + TYPE).then().statusCode(200)
                .body("rolloutState", equalTo("live"));

        await().atMost(Duration.ofSeconds(1)).until(() -> registry.find(TYPE).orElseThrow().writesLive());
        assertThat(sql.rows("""
                select action, before ->> 'rolloutState' as before, after ->> 'rolloutState' as after from audit_log
                where entity_id = ? order by audit_id""", TYPE)).extracting(m -> m.get("before") + ">" + m.get("after"))
                .containsExactly("off>shadow", "shadow>live");
        asViewer().get("/api/v1/rollout/" + TYPE).then().statusCode(200).body("rolloutState", equalTo("live"));
        asViewer().get("/api/v1/rollout").then().statusCode(200)
                .body("find { it.dataType == '" + TYPE + "' }.rolloutState", equalTo("live"));
    }

    @ParameterizedTest
    @CsvSource({"off, live", "off, paused"})
    void aTransitionTheStateDoesNotAllowIs409AndChangesNothing(String from, String to) {
        set(from);
        asAdmin().body(Map.of("state", to)).put("/api/v1/rollout/" + TYPE).then().statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("it may go to shadow"));

        assertThat(state()).isEqualTo(from);
        assertThat(sql.count("select count(*) from audit_log where entity_id = ?", TYPE)).isZero();
    }

    @Test
    void badInputIs4xxAndChangesNothing() {
        asAdmin().body(Map.of("state", "on")).put("/api/v1/rollout/" + TYPE).then().statusCode(400).contentType(PROBLEM);
        asAdmin().body(Map.of()).put("/api/v1/rollout/" + TYPE).then().statusCode(400).contentType(PROBLEM);
        asAdmin().body(Map.of("state", "shadow")).put("/api/v1/rollout/rolloutapi-nope").then().statusCode(404).contentType(PROBLEM);
        asViewer().body(Map.of("state", "shadow")).put("/api/v1/rollout/" + TYPE).then().statusCode(403);

        assertThat(state()).isEqualTo("off");
        assertThat(sql.count("select count(*) from audit_log where entity_id = ?", TYPE)).isZero();
    }

    @Test
    void askingForTheCurrentStateChangesNothing() {
        asAdmin().body(Map.of("state", "off")).put("/api/v1/rollout/" + TYPE).then().statusCode(200)
                .body("rolloutState", equalTo("off")).body("version", equalTo(1));
        assertThat(sql.count("select count(*) from audit_log where entity_id = ?", TYPE)).isZero();
    }

    @Test
    void switchingOffCancelsPendingJobsAndPausingKeepsThem() {
        set("live");
        job(TYPE, "A").insert(sql);
        job(TYPE, "B").insert(sql);

        asAdmin().body(Map.of("state", "paused")).put("/api/v1/rollout/" + TYPE).then().statusCode(200)
                .body("cancelledJobs", equalTo(0));
        assertThat(sql.count("select count(*) from refresh_jobs where data_type = ?", TYPE)).isEqualTo(2);

        asAdmin().body(Map.of("state", "off")).put("/api/v1/rollout/" + TYPE).then().statusCode(200)
                .body("cancelledJobs", equalTo(2));
        assertThat(sql.count("select count(*) from refresh_jobs where data_type = ?", TYPE)).isZero();
        assertThat(sql.count("select count(*) from refresh_job_history where data_type = ? and status = 'cancelled'", TYPE))
                .isEqualTo(2);
    }

    @Test
    void theRegistryApiCreatesOffAndLeavesTheRolloutStateToTheRolloutApi() {
        asAdmin().body(with(dev.freshet.admin.TestData.dataType("rolloutapi-new"), "rolloutState", null))
                .post("/api/v1/registry").then().statusCode(201).body("rolloutState", equalTo("off"));
        Map<String, Object> body = with(with(dev.freshet.admin.TestData.dataType("rolloutapi-new"), "version", 1), "rolloutState", "live");

        asAdmin().body(body).put("/api/v1/registry/rolloutapi-new").then().statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("/api/v1/rollout/rolloutapi-new"));
        asAdmin().body(with(body, "rolloutState", "off")).put("/api/v1/registry/rolloutapi-new").then().statusCode(200)
                .body("rolloutState", equalTo("off")).body("version", equalTo(2));
    }

    @Test
    void theComparisonCountsTheWindowAndShowsOldAndNewValues() {
        set("shadow");
        Instant now = Instant.now();
        shadow("A", "{\"price\": 10, \"name\": \"a\"}", "{\"price\": 10, \"name\": \"a\"}", false, now.minusSeconds(60));
        shadow("B", "{\"price\": 11, \"name\": \"b\"}", "{\"price\": 10, \"name\": \"b\"}", true, now.minusSeconds(50));
        shadow("C", "{\"price\": 12, \"name\": \"c\"}", null, true, now.minusSeconds(40));
        shadow("D", "{\"price\": 13, \"name\": \"d\"}", "{\"price\": 13, \"name\": \"d\"}", false, now.minusSeconds(30));

        asViewer().get("/api/v1/rollout/" + TYPE + "/comparison").then().statusCode(200)
                .body("rolloutState", equalTo("shadow"))
                .body("refreshesCompared", equalTo(1))
                .body("rowsCompared", equalTo(4))
                .body("rowsMatching", equalTo(2))
                .body("matchRate", equalTo(0.5f))
                .body("rowsDiffering", equalTo(1))
                .body("missingInLive", equalTo(1))
                .body("missingInNew", equalTo(0))
                .body("columnsDiffering", hasSize(1))
                .body("columnsDiffering[0].column", equalTo("price"))
                .body("samples", hasSize(2))
                .body("samples[0].symbol", equalTo("C"))
                .body("samples[0].kind", equalTo("missingInLive"))
                .body("samples[1].kind", equalTo("differs"))
                .body("samples[1].columns", hasSize(1))
                .body("samples[1].columns[0].column", equalTo("price"))
                .body("samples[1].columns[0].liveValue", equalTo(10))
                .body("samples[1].columns[0].newValue", equalTo(11));
    }

    @Test
    void aComparisonWindowOutOfRangeIs400() {
        String base = "/api/v1/rollout/" + TYPE + "/comparison";
        asViewer().get(base + "?since=2025-01-02T00:00:00Z&until=2025-01-01T00:00:00Z").then().statusCode(400).contentType(PROBLEM);
        asViewer().get(base + "?since=2025-01-01T00:00:00Z&until=2025-03-01T00:00:00Z").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("at most"));
        asViewer().get(base + "?since=2999-01-01T00:00:00Z&until=2999-01-02T00:00:00Z").then().statusCode(400).contentType(PROBLEM);
        asViewer().get(base + "?since=yesterday").then().statusCode(400).contentType(PROBLEM);
        asViewer().get("/api/v1/rollout/rolloutapi-nope/comparison").then().statusCode(404).contentType(PROBLEM);
    }

    private void shadow(String symbol, String newRow, String liveRow, boolean differs, Instant at) {
        sql.update("""
                insert into shadow_writes (data_type, symbol, row_key, new_row, live_row, differs, job_id, recorded_at)
                values (?, ?, jsonb_build_object('symbol', ?::text), ?::jsonb, ?::jsonb, ?, 7, ?)""",
                TYPE, symbol, symbol, newRow, liveRow, differs, dev.freshet.admin.TestData.at(at));
    }
}
