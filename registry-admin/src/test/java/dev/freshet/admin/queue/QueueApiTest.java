package dev.freshet.admin.queue;

import dev.freshet.admin.TestData;
import dev.freshet.shared.queue.Priorities;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.freshet.testsupport.rows.HistoryRow.finished;
import static dev.freshet.testsupport.rows.JobRow.job;
import static dev.freshet.admin.AdminApi.asAdmin;
import static dev.freshet.admin.AdminApi.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class QueueApiTest {

    private final TestSql sql = TestSql.current();

    @Test
    void countsJobsByStatusAndDataType() {
        TestData.copyDataType(sql, "profile", "queue-stats", "fmp");
        job("queue-stats", "A").priority(10).insert(sql);
        job("queue-stats", "B").priority(10).attempts(2).lastError("HTTP 503 from upstream").runAfterSql("now() + interval '5 minutes'").insert(sql);
        job("queue-stats", "C").priority(10).attempts(1).lastError("HTTP 503 from upstream")
                .processingSql("processor-1", "now()", "now() + interval '1 minute'").reserved(1, 500).insert(sql);
        finished(910_001, "queue-stats", "D").status("completed").priority(10)
                .timesSql("now() - interval '1 hour'", null, "now() - interval '1 minute'").timings(10, 100, 5, 20).insert(sql);
        finished(910_002, "queue-stats", "E").status("failed").priority(10).lastError("HTTP 404")
                .timesSql("now() - interval '1 hour'", null, "now() - interval '1 minute'").timings(10, 100, 5, 20).insert(sql);
        finished(910_003, "queue-stats", "F").status("failed").priority(10).lastError("HTTP 404")
                .timesSql("now() - interval '1 hour'", null, "now() - interval '3 days'").timings(10, 100, 5, 20).insert(sql);

        Map<String, Object> counts = asViewer().get("/api/v1/queue/stats").then().statusCode(200)
                .extract().jsonPath().getMap("byDataType.find { it.dataType == 'queue-stats' }.counts");
        assertThat(counts).containsEntry("pending", 2).containsEntry("processing", 1).containsEntry("backingOff", 1)
                .containsEntry("completed", 1).containsEntry("failed", 1).containsEntry("cancelled", 0);
        asViewer().get("/api/v1/queue/stats?since=2000-01-01T00:00:00Z").then().statusCode(200)
                .body("byDataType.find { it.dataType == 'queue-stats' }.counts.failed", equalTo(2));
    }

    @Test
    void listsJobsWithFiltersAndKeysetPagination() {
        TestData.copyDataType(sql, "profile", "queue-list", "fmp");
        List<Long> ids = new ArrayList<>();
        for (String s : new String[]{"K1", "K2", "K3"}) {
            ids.add(job("queue-list", s).priority(10).insert(sql));
        }
        job("queue-list", "K4").priority(10).attempts(1).lastError("HTTP 503 from upstream")
                .processingSql("processor-1", "now()", "now() + interval '1 minute'").reserved(1, 500).insert(sql);

        var first = asViewer().get("/api/v1/queue/jobs?dataType=queue-list&status=pending&limit=2").then().statusCode(200)
                .extract().jsonPath();
        assertThat(first.getList("items.symbol")).containsExactly("K1", "K2");
        String cursor = first.getString("nextCursor");
        assertThat(cursor).isEqualTo(String.valueOf(ids.get(1)));

        var second = asViewer().get("/api/v1/queue/jobs?dataType=queue-list&status=pending&limit=2&cursor=" + cursor)
                .then().statusCode(200).extract().jsonPath();
        assertThat(second.getList("items.symbol")).containsExactly("K3");
        assertThat(second.getString("nextCursor")).isNull();

        asViewer().get("/api/v1/queue/jobs?status=done").then().statusCode(400);
        asViewer().get("/api/v1/queue/jobs?cursor=abc").then().statusCode(400);
        asViewer().get("/api/v1/queue/jobs?limit=0").then().statusCode(400);
    }

    @Test
    void cancellingAPendingJobMovesItToHistoryAndAuditsIt() {
        TestData.copyDataType(sql, "profile", "queue-cancel", "fmp");
        long pending = job("queue-cancel", "C1").priority(10).insert(sql);
        long running = job("queue-cancel", "C2").priority(10).attempts(1).lastError("HTTP 503 from upstream")
                .processingSql("processor-1", "now()", "now() + interval '1 minute'").reserved(1, 500).insert(sql);

        asAdmin().post("/api/v1/queue/jobs/" + pending + "/cancel").then().statusCode(200)
                .body("outcome", equalTo("cancelled"));
        assertThat(sql.count("select count(*) from refresh_jobs where job_id = ?", pending)).isZero();
        assertThat(sql.value("select last_error from refresh_job_history where job_id = ? and status = 'cancelled'", pending))
                .isEqualTo("cancelled by admin");
        assertThat(sql.value("select action from audit_log where entity_type = 'job' and entity_id = ?", String.valueOf(pending)))
                .isEqualTo("cancel");

        asAdmin().post("/api/v1/queue/jobs/" + running + "/cancel").then().statusCode(409);
        assertThat(sql.value("select status from refresh_jobs where job_id = ?", running)).isEqualTo("processing");
        asAdmin().post("/api/v1/queue/jobs/99999999/cancel").then().statusCode(404);
    }

    @Test
    void retryingAFailedJobQueuesItAgainAtTheManualPriority() {
        TestData.copyDataType(sql, "profile", "queue-retry", "fmp");
        finished(920_001, "queue-retry", "R1").status("failed").priority(10).lastError("HTTP 404")
                .timesSql("now() - interval '1 hour'", null, "now() - interval '1 minute'").timings(1, 1, 1, 1).insert(sql);

        asAdmin().post("/api/v1/queue/jobs/920001/retry").then().statusCode(200)
                .body("outcome", equalTo("queued")).body("symbol", equalTo("R1"));

        assertThat(sql.rows("select status, priority, origin, attempts from refresh_jobs where data_type = 'queue-retry' and symbol = 'R1'"))
                .containsExactly(Map.of("status", "pending", "priority", Priorities.MANUAL, "origin", "manual", "attempts", 0));
        assertThat(sql.rows("select action, before ->> 'status' as was from audit_log where entity_type = 'job' and action = 'retry' and before ->> 'job_id' = '920001'"))
                .containsExactly(Map.of("action", "retry", "was", "failed"));

        // retrying again finds the pair already queued at that priority
        asAdmin().post("/api/v1/queue/jobs/920001/retry").then().statusCode(200).body("outcome", equalTo("already_queued"));
    }

    @Test
    void retryingAPendingJobInBackoffRunsItNowAndACompletedJobIsRefused() {
        TestData.copyDataType(sql, "profile", "queue-backoff", "fmp");
        long waiting = job("queue-backoff", "W1").priority(10).attempts(2).lastError("HTTP 503 from upstream").runAfterSql("now() + interval '4 minutes'").insert(sql);
        finished(930_001, "queue-backoff", "W2").status("completed").priority(10)
                .timesSql("now() - interval '1 hour'", null, "now() - interval '1 minute'").timings(1, 1, 1, 1).insert(sql);

        asAdmin().post("/api/v1/queue/jobs/" + waiting + "/retry").then().statusCode(200).body("outcome", equalTo("run_now"));
        assertThat(sql.value("select run_after <= now() from refresh_jobs where job_id = ?", waiting)).isEqualTo(true);
        assertThat(sql.value("select priority from refresh_jobs where job_id = ?", waiting)).isEqualTo(Priorities.MANUAL);

        asAdmin().post("/api/v1/queue/jobs/930001/retry").then().statusCode(409);
        asAdmin().post("/api/v1/queue/jobs/98765432/retry").then().statusCode(404);
    }

    @Test
    void queuesAManualRefreshOfAPair() {
        asAdmin().body(Map.of("dataType", "ratios-ttm", "symbol", "MSFT")).post("/api/v1/queue/jobs").then().statusCode(200)
                .body("outcome", equalTo("queued"));
        assertThat(sql.value("select origin from refresh_jobs where data_type = 'ratios-ttm' and symbol = 'MSFT'")).isEqualTo("manual");
        asAdmin().body(Map.of("dataType", "available-exchanges")).post("/api/v1/queue/jobs").then().statusCode(200)
                .body("symbol", equalTo("*"));
        asAdmin().body(Map.of("dataType", "ratios-ttm", "symbol", "MS FT'; --")).post("/api/v1/queue/jobs").then().statusCode(400);
        asAdmin().body(Map.of("dataType", "nope", "symbol", "MSFT")).post("/api/v1/queue/jobs").then().statusCode(404);
    }

    @Test
    void aManualRefreshOfAnOffDataTypeIsRefusedAndOneOfAPausedTypeWaitsForItsResume() {
        TestData.copyDataType(sql, "profile", "queue-off", "fmp");
        TestData.copyDataType(sql, "profile", "queue-paused", "fmp");
        sql.update("update data_type_registry set rollout_state = 'off' where data_type = 'queue-off'");
        sql.update("update data_type_registry set rollout_state = 'paused' where data_type = 'queue-paused'");

        asAdmin().body(Map.of("dataType", "queue-off", "symbol", "MSFT")).post("/api/v1/queue/jobs").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("is off"));
        assertThat(sql.count("select count(*) from refresh_jobs where data_type = 'queue-off'")).as("nothing queued").isZero();
        assertThat(sql.count("select count(*) from audit_log where entity_type = 'job' and after ->> 'dataType' = 'queue-off'")).isZero();

        asAdmin().body(Map.of("dataType", "queue-paused", "symbol", "MSFT")).post("/api/v1/queue/jobs").then().statusCode(200)
                .body("outcome", equalTo("queued"));
    }

    @Test
    void listsHistoryNewestFirstWithACursorAndPurgesByFilter() {
        TestData.copyDataType(sql, "profile", "queue-history", "fmp");
        finished(940_001, "queue-history", "H").status("completed").priority(10)
                .timesSql("now() - interval '1 hour'", null, "now() - interval '3 hours'").timings(1, 1, 1, 1).insert(sql);
        finished(940_002, "queue-history", "H").status("failed").priority(10).lastError("HTTP 404")
                .timesSql("now() - interval '1 hour'", null, "now() - interval '2 hours'").timings(1, 1, 1, 1).insert(sql);
        finished(940_003, "queue-history", "H").status("completed").priority(10)
                .timesSql("now() - interval '1 hour'", null, "now() - interval '1 hour'").timings(1, 1, 1, 1).insert(sql);

        var page1 = asViewer().get("/api/v1/queue/history?dataType=queue-history&limit=2").then().statusCode(200).extract().jsonPath();
        assertThat(page1.getList("items.jobId")).containsExactly(940_003, 940_002);
        var page2 = asViewer().get("/api/v1/queue/history?dataType=queue-history&limit=2&cursor=" + page1.getString("nextCursor"))
                .then().statusCode(200).extract().jsonPath();
        assertThat(page2.getList("items.jobId")).containsExactly(940_001);
        asViewer().get("/api/v1/queue/history?cursor=not-a-cursor").then().statusCode(400);

        asAdmin().delete("/api/v1/queue/history?dataType=queue-history").then().statusCode(400);
        asAdmin().delete("/api/v1/queue/history?dataType=queue-history&status=completed&finishedBefore=" + java.time.Instant.now())
                .then().statusCode(200).body("deleted", equalTo(2));
        assertThat(sql.rows("select job_id from refresh_job_history where data_type = 'queue-history'"))
                .containsExactly(Map.of("job_id", 940_002L));
        assertThat(sql.value("select (after ->> 'deleted')::int from audit_log where action = 'purge' and before ->> 'dataType' = 'queue-history'"))
                .isEqualTo(2);
    }
}
