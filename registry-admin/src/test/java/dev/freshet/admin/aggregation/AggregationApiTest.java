package dev.freshet.admin.aggregation;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.freshet.admin.AdminApi.anonymous;
import static dev.freshet.admin.AdminApi.asAdmin;
import static dev.freshet.admin.AdminApi.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class AggregationApiTest {

    private final TestSql sql = TestSql.current();

    @BeforeEach
    void tasks() {
        sql.update("delete from data_agg_state");
        sql.update("delete from data_bars where symbol in ('AGGA', 'AGGB')");
        sql.update("""
                insert into data_bars (symbol, ts_utc, open, high, low, close, volume, refreshed_at)
                values ('AGGA', timestamptz '2026-01-05 10:30:00+00', 1, 1, 1, 1, 1, now())""");
        sql.update("""
                insert into data_agg_state (symbol, timeframe, last_agg_bar_ts_utc, agg_start_utc, status, hard_fail_streak, last_error)
                values ('AGGA', '5m', timestamptz '2026-01-05 10:00:00+00', timestamptz '2026-01-01 00:00:00+00', 'hard_failed', 3, 'boom'),
                       ('AGGB', '5m', null, timestamptz '2026-01-01 00:00:00+00', 'idle', 0, null)""");
    }

    @Test
    void listsTasksHardFailedFirstWithTheirLag() {
        asViewer().get("/api/v1/aggregation").then().statusCode(200)
                .body("$", hasSize(2))
                .body("[0].symbol", equalTo("AGGA"))
                .body("[0].status", equalTo("hard_failed"))
                .body("[0].lagMinutes", equalTo(30.0f))
                .body("[0].hardFailStreak", equalTo(3));
        asViewer().queryParam("status", "idle").get("/api/v1/aggregation").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].symbol", equalTo("AGGB"));
    }

    @Test
    void anAdminResetsAHardFailedTaskAndItIsAudited() {
        asAdmin().post("/api/v1/aggregation/AGGA/5m/reset").then().statusCode(204);
        assertThat(sql.rows("select status, hard_fail_streak, last_error from data_agg_state where symbol = 'AGGA'").get(0))
                .containsEntry("status", "idle").containsEntry("hard_fail_streak", 0).containsEntry("last_error", null);
        assertThat(sql.value("select actor from audit_log where entity_type = 'aggregation' and entity_id = 'AGGA/5m'"))
                .isEqualTo("admin");
    }

    @Test
    void resettingATaskThatIsNotHardFailedIsAConflictAndChangesNothing() {
        asAdmin().post("/api/v1/aggregation/AGGB/5m/reset").then().statusCode(409).contentType("application/problem+json");
        asAdmin().post("/api/v1/aggregation/NOPE/5m/reset").then().statusCode(404).contentType("application/problem+json");
        asAdmin().post("/api/v1/aggregation/AGGB/5q/reset").then().statusCode(400).contentType("application/problem+json");
        assertThat(sql.count("select count(*) from audit_log where entity_type = 'aggregation'")).isZero();
    }

    @Test
    void viewersReadButCannotResetAndStrangersCannotRead() {
        asViewer().post("/api/v1/aggregation/AGGA/5m/reset").then().statusCode(403);
        anonymous().get("/api/v1/aggregation").then().statusCode(401);
        assertThat(sql.value("select status from data_agg_state where symbol = 'AGGA'")).isEqualTo("hard_failed");
    }

    @Test
    void refusesBadFilters() {
        asViewer().queryParam("status", "broken").get("/api/v1/aggregation").then().statusCode(400)
                .contentType("application/problem+json");
        asViewer().queryParam("limit", "0").get("/api/v1/aggregation").then().statusCode(400);
    }

    @Test
    void anAdminChangesATasksSettingsLeavingOutWhatStaysAndItIsAudited() {
        asAdmin().body("{\"taskPriority\": 250, \"mandatory\": true}").put("/api/v1/aggregation/AGGB/5m").then().statusCode(200)
                .body("enabled", equalTo(true)).body("taskPriority", equalTo(250)).body("mandatory", equalTo(true));
        assertThat(sql.rows("select enabled, task_priority, is_mandatory from data_agg_state where symbol = 'AGGB'").get(0))
                .containsEntry("enabled", true).containsEntry("task_priority", 250).containsEntry("is_mandatory", true);
        asAdmin().body("{\"enabled\": false}").put("/api/v1/aggregation/AGGB/5m").then().statusCode(200)
                .body("enabled", equalTo(false)).body("taskPriority", equalTo(250));
        assertThat(sql.count("select count(*) from audit_log where entity_type = 'aggregation' and entity_id = 'AGGB/5m' "
                + "and action = 'settings' and actor = 'admin'")).isEqualTo(2);
    }

    @Test
    void badSettingsAreRefusedAndChangeNothing() {
        asAdmin().body("{\"taskPriority\": -1, \"enabled\": false}").put("/api/v1/aggregation/AGGB/5m").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0]", org.hamcrest.Matchers.containsString("taskPriority"));
        asAdmin().body("{}").put("/api/v1/aggregation/AGGB/5m").then().statusCode(400).contentType("application/problem+json");
        asAdmin().body("{\"enabled\": \"maybe\"}").put("/api/v1/aggregation/AGGB/5m").then().statusCode(400)
                .contentType("application/problem+json");
        asAdmin().body("{\"enabled\": false}").put("/api/v1/aggregation/AGGB/5q").then().statusCode(400).contentType("application/problem+json");
        asAdmin().body("{\"enabled\": false}").put("/api/v1/aggregation/NOPE/5m").then().statusCode(404).contentType("application/problem+json");
        asViewer().body("{\"enabled\": false}").put("/api/v1/aggregation/AGGB/5m").then().statusCode(403);
        assertThat(sql.rows("select enabled, task_priority from data_agg_state where symbol = 'AGGB'").get(0))
                .containsEntry("enabled", true).containsEntry("task_priority", 100);
        assertThat(sql.count("select count(*) from audit_log where entity_type = 'aggregation'")).isZero();
    }

    @Test
    void timeframesShowLagAndQuality() {
        sql.update("delete from derived_data_bars where symbol = 'AGGA'");
        sql.update("""
                insert into derived_data_bars (symbol, timeframe, ts_utc, open, high, low, close, volume, source_bar_count, quality_score, refreshed_at)
                values ('AGGA', '5m', now() - interval '1 hour', 1, 1, 1, 1, 1, 5, 1, now()),
                       ('AGGA', '5m', now() - interval '2 hours', 1, 1, 1, 1, 1, 2, 0.4, now())""");
        asViewer().get("/api/v1/aggregation/timeframes").then().statusCode(200)
                .body("find { it.timeframe == '5m' }.tasks", equalTo(2))
                .body("find { it.timeframe == '5m' }.hardFailed", equalTo(1))
                .body("find { it.timeframe == '5m' }.maxLagMinutes", equalTo(30.0f))
                .body("find { it.timeframe == '5m' }.bars", equalTo(2))
                .body("find { it.timeframe == '5m' }.fullQualityShare", equalTo(0.5f));
        asViewer().queryParam("since", "yesterday").get("/api/v1/aggregation/timeframes").then().statusCode(400)
                .contentType("application/problem+json");
    }
}
