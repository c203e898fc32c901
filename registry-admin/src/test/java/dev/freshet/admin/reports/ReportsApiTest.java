package dev.freshet.admin.reports;

import dev.freshet.admin.TestData;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.freshet.testsupport.rows.HistoryRow.finished;
import static dev.freshet.admin.AdminApi.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class ReportsApiTest {

    private final TestSql sql = TestSql.current();

    private void run(String task, String status, String startedSql, String error) {
        sql.update("""
                insert into scheduler_execution_log (task, instance_id, started_at, finished_at, status, items_examined, jobs_enqueued, error)
                values (?, 'checker-1', %s, %s + interval '2 seconds', ?, 10, 3, ?)""".formatted(startedSql, startedSql),
                task, status, error);
    }

    @Test
    void schedulerHealthIsDegradedWhenATaskFailedLast() {
        run("report-ok", "succeeded", "now() - interval '2 minutes'", null);
        run("report-broken", "succeeded", "now() - interval '3 minutes'", null);
        run("report-broken", "failed", "now() - interval '1 minute'", "connection reset");

        var health = asViewer().get("/api/v1/admin/scheduler-health").then().statusCode(200).extract().jsonPath();
        assertThat(health.getString("status")).isEqualTo("degraded");
        assertThat(health.getList("problems", String.class)).anyMatch(p -> p.contains("report-broken") && p.contains("connection reset"));
        Map<String, Object> broken = health.getMap("tasks.find { it.task == 'report-broken' }");
        assertThat(broken).containsEntry("runs", 2).containsEntry("failures", 1).containsEntry("lastStatus", "failed")
                .containsEntry("jobsEnqueued", 6);
        assertThat(((Number) broken.get("avgDurationMs")).doubleValue()).isEqualTo(2000.0);
        assertThat(health.getMap("tasks.find { it.task == 'report-ok' }")).containsEntry("lastStatus", "succeeded");
    }

    @Test
    void executionHistoryFiltersAndPagesNewestFirst() {
        run("report-paged", "succeeded", "now() - interval '30 minutes'", null);
        run("report-paged", "failed", "now() - interval '20 minutes'", "boom");
        run("report-paged", "succeeded", "now() - interval '10 minutes'", null);

        var page1 = asViewer().get("/api/v1/admin/scheduler/execution-history?task=report-paged&limit=2").then().statusCode(200)
                .extract().jsonPath();
        assertThat(page1.getList("items.status")).containsExactly("succeeded", "failed");
        var page2 = asViewer().get("/api/v1/admin/scheduler/execution-history?task=report-paged&limit=2&cursor="
                + page1.getString("nextCursor")).then().statusCode(200).extract().jsonPath();
        assertThat(page2.getList("items.status")).containsExactly("succeeded");
        asViewer().get("/api/v1/admin/scheduler/execution-history?task=report-paged&status=failed").then().statusCode(200)
                .body("items.size()", equalTo(1)).body("items[0].error", equalTo("boom"));
        asViewer().get("/api/v1/admin/scheduler/execution-history?status=exploded").then().statusCode(400);
    }

    @Test
    void stalenessCountsEachStatePerTierWithTheDataTypesThresholds() {
        TestData.copyDataType(sql, "quote", "report-quote", "fmp");
        // quote: critical, TTL 60 s, so fresh < 60 s, aging < 15 min, stale beyond
        sql.update("""
                insert into data_freshness (data_type, symbol, tier, last_updated_at, state, checked_at) values
                ('report-quote', 'F1', 'critical', now() - interval '10 seconds', 'fresh', now()),
                ('report-quote', 'A1', 'critical', now() - interval '5 minutes', 'fresh', now()),
                ('report-quote', 'S1', 'critical', now() - interval '2 hours', 'fresh', now()),
                ('report-quote', 'S2', 'critical', now() - interval '3 hours', 'fresh', now()),
                ('report-quote', 'M1', 'critical', null, 'missing', now())""");

        var report = asViewer().get("/api/v1/admin/features/staleness?tier=critical").then().statusCode(200).extract().jsonPath();
        assertThat(report.getList("tiers.tier")).containsExactly("critical");
        Map<String, Object> counts = report.getMap("tiers[0].dataTypes.find { it.dataType == 'report-quote' }.counts");
        assertThat(counts).isEqualTo(Map.of("fresh", 1, "aging", 1, "stale", 2, "missing", 1));
        List<Map<String, Object>> worst = report.getList("worstOffenders.findAll { it.dataType == 'report-quote' }");
        assertThat(worst).extracting(w -> w.get("symbol")).containsExactly("M1", "S2", "S1", "A1");

        asViewer().get("/api/v1/admin/features/staleness?tier=urgent").then().statusCode(400);
        asViewer().get("/api/v1/admin/features/staleness").then().statusCode(200).body("tiers.tier", equalTo(List.of("critical", "standard", "low")));
    }

    @Test
    void bottlenecksShowWhereFinishedJobsSpentTheirTime() {
        TestData.copyDataType(sql, "profile", "report-slow-provider", "fmp");
        TestData.copyDataType(sql, "profile", "report-slow-db", "fmp");
        finished(950_001, "report-slow-provider", "P").status("completed").priority(10)
                .timesSql("now() - interval '1 hour'", null, "now() - interval '5 minutes'").timings(100, 800, 20, 80).insert(sql);
        finished(950_002, "report-slow-provider", "P").status("failed").priority(10).lastError("HTTP 404")
                .timesSql("now() - interval '1 hour'", null, "now() - interval '4 minutes'").timings(100, 800, 20, 80).insert(sql);
        finished(950_003, "report-slow-db", "D").status("completed").priority(10)
                .timesSql("now() - interval '1 hour'", null, "now() - interval '4 minutes'").timings(10, 100, 10, 880).insert(sql);

        var report = asViewer().get("/api/v1/admin/bottlenecks").then().statusCode(200).extract().jsonPath();
        Map<String, Object> provider = report.getMap("dataTypes.find { it.dataType == 'report-slow-provider' }");
        assertThat(provider).containsEntry("jobs", 2).containsEntry("failed", 1).containsEntry("bottleneck", "fetch");
        assertThat(((Number) report.get("dataTypes.find { it.dataType == 'report-slow-provider' }.shares.fetch")).doubleValue())
                .isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(report.getString("dataTypes.find { it.dataType == 'report-slow-db' }.bottleneck")).isEqualTo("write");
        asViewer().get("/api/v1/admin/bottlenecks?dataType=report-slow-db").then().statusCode(200)
                .body("dataTypes.size()", equalTo(1)).body("bottleneck", equalTo("write"));
        asViewer().get("/api/v1/admin/bottlenecks?since=2030-01-01T00:00:00Z&until=2020-01-01T00:00:00Z").then().statusCode(400);
    }
}
