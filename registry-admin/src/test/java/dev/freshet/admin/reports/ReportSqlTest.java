package dev.freshet.admin.reports;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.StatementTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static dev.freshet.admin.TestData.at;
import static dev.freshet.testsupport.rows.DataTypeRow.dataType;
import static dev.freshet.testsupport.rows.HistoryRow.finished;
import static dev.freshet.testsupport.rows.JobRow.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The report statements on the real database. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class ReportSqlTest extends StatementTest {

    private static final int CRITICAL = 900;
    private static final int STANDARD = 3600;
    private static final int LOW = 86400;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @BeforeEach
    @AfterEach
    void clean() {
        sql.emptyQueue("scheduler_execution_log");
        sql.update("delete from data_freshness where data_type like 'rsql-%'");
        sql.update("delete from data_type_registry where data_type like 'rsql-%'");
    }

    private void run(String task, Instant started, Integer seconds, String status, String error, int enqueued) {
        sql.update("""
                insert into scheduler_execution_log (task, instance_id, started_at, finished_at, status, error, jobs_enqueued)
                values (?, 'i1', ?, ?, ?, ?, ?)""", task, at(started), seconds == null ? null : at(started.plusSeconds(seconds)),
                status, error, enqueued);
    }

    private void freshness(String dataType, String symbol, Instant lastUpdated) {
        sql.update("insert into data_freshness (data_type, symbol, tier, last_updated_at, state, checked_at) values (?, ?, 'critical', ?, 'fresh', now())",
                dataType, symbol, lastUpdated == null ? null : at(lastUpdated));
    }

    @Test
    void schedulerTasksSummarisesRunsInThePeriodAndTheLastRunAndSuccess() {
        run("scan", now.minusSeconds(7200), 4, "succeeded", null, 100);      // before the period, after the look-back
        run("scan", now.minusSeconds(120), 2, "failed", "boom", 0);
        run("scan", now.minusSeconds(60), 4, "succeeded", null, 5);
        run("other", now.minusSeconds(30), null, "running", null, 0);
        run("scan", now.minusSeconds(90_000), 1, "succeeded", null, 1);        // before the look-back

        List<Row> rows = execute(ReportSql.SCHEDULER_TASKS, at(now.minusSeconds(3600)), at(now.minusSeconds(86_400)));

        assertThat(rows).extracting(r -> r.getString("task")).containsExactly("other", "scan");
        Row scan = rows.get(1);
        assertThat(scan.getLong("runs")).isEqualTo(2);
        assertThat(scan.getLong("failures")).isEqualTo(1);
        assertThat(scan.getString("last_status")).isEqualTo("succeeded");
        assertThat(scan.getOffsetDateTime("last_success_at").toInstant()).isEqualTo(now.minusSeconds(56));
        assertThat(scan.getString("last_error")).isEqualTo("boom");
        assertThat(scan.getDouble("avg_duration_ms")).isEqualTo(3000.0);
        assertThat(scan.getLong("jobs_enqueued")).isEqualTo(5);
    }

    @Test
    void queueHealthCountsTheHotQueueAndItsExpiredLeases() {
        job("quote", "A").enqueuedAt(now.minusSeconds(60)).runAfter(now.minusSeconds(60)).insert(sql);
        job("quote", "B").enqueuedAt(now.minusSeconds(600)).runAfter(now.plusSeconds(60)).insert(sql);   // not due yet
        job("quote", "C").processing("p1", now.minusSeconds(90), now.minusSeconds(30)).insert(sql);
        job("quote", "D").processing("p1", now, now.plusSeconds(60)).insert(sql);

        Row r = execute(ReportSql.QUEUE_HEALTH, at(now)).get(0);

        assertThat(r.getLong("pending")).isEqualTo(2);
        assertThat(r.getLong("processing")).isEqualTo(2);
        assertThat(r.getLong("expired_leases")).isEqualTo(1);
        assertThat(r.getOffsetDateTime("oldest_due_at").toInstant()).isEqualTo(now.minusSeconds(60));
    }

    @Test
    void stalenessCountsClassifyWithTheOwnThresholdsOrTheTtlAndTierTarget() {
        dataType("rsql-a").tier("critical").ttlSeconds(60).insert(sql);                    // warn 60, error the critical target
        freshness("rsql-a", "FRESH", now.minusSeconds(30));
        freshness("rsql-a", "AGING", now.minusSeconds(120));
        freshness("rsql-a", "STALE", now.minusSeconds(CRITICAL + 60));
        freshness("rsql-a", "MISSING", null);
        dataType("rsql-b").tier("critical").ttlSeconds(60).insert(sql);                     // nothing cached
        sql.update("update data_type_registry set warn_after_seconds = ? where data_type = 'rsql-b'", CRITICAL + 100);
        dataType("rsql-c").tier("low").insert(sql);

        Row a = execute(ReportSql.STALENESS_COUNTS, at(now), CRITICAL, STANDARD, LOW, null, "rsql-a").get(0);
        Row b = execute(ReportSql.STALENESS_COUNTS, at(now), CRITICAL, STANDARD, LOW, null, "rsql-b").get(0);

        assertThat(List.of(a.getInteger("warn_s"), a.getInteger("error_s"))).containsExactly(60, CRITICAL);
        assertThat(List.of(a.getLong("fresh"), a.getLong("aging"), a.getLong("stale"), a.getLong("missing"))).containsExactly(1L, 1L, 1L, 1L);
        assertThat(List.of(b.getInteger("warn_s"), b.getInteger("error_s"))).as("error never below warn")
                .containsExactly(CRITICAL + 100, CRITICAL + 100);
        assertThat(List.of(b.getLong("fresh"), b.getLong("aging"), b.getLong("stale"), b.getLong("missing"))).containsExactly(0L, 0L, 0L, 0L);
        assertThat(execute(ReportSql.STALENESS_COUNTS, at(now), CRITICAL, STANDARD, LOW, "low", null))
                .extracting(r -> r.getString("data_type")).contains("rsql-c").doesNotContain("rsql-a", "rsql-b");
    }

    @Test
    void worstOffendersPutMissingFirstThenStaleThenTheOldest() {
        dataType("rsql-a").tier("critical").ttlSeconds(60).insert(sql);
        freshness("rsql-a", "FRESH", now.minusSeconds(30));
        freshness("rsql-a", "AGING", now.minusSeconds(120));
        freshness("rsql-a", "STALE1", now.minusSeconds(CRITICAL + 60));
        freshness("rsql-a", "STALE2", now.minusSeconds(CRITICAL + 600));
        freshness("rsql-a", "MISSING", null);

        List<Row> rows = execute(ReportSql.WORST_OFFENDERS, at(now), CRITICAL, STANDARD, LOW, null, "rsql-a", 10);

        assertThat(rows).extracting(r -> r.getString("symbol"), r -> r.getString("state")).containsExactly(
                tuple("MISSING", "missing"), tuple("STALE2", "stale"), tuple("STALE1", "stale"), tuple("AGING", "aging"));
        assertThat(rows.get(1).getLong("age_seconds")).isEqualTo(CRITICAL + 600);
        assertThat(execute(ReportSql.WORST_OFFENDERS, at(now), CRITICAL, STANDARD, LOW, null, "rsql-a", 2)).hasSize(2);
    }

    @Test
    void executionHistoryFiltersAndPagesNewestFirst() {
        run("scan", now.minusSeconds(300), 1, "succeeded", null, 0);
        run("scan", now.minusSeconds(200), 1, "failed", "x", 0);
        run("other", now.minusSeconds(100), 1, "succeeded", null, 0);
        List<Long> all = ids(execute(ReportSql.EXECUTION_HISTORY, null, null, null, null, null, 10));
        assertThat(all).hasSize(3).isSortedAccordingTo((x, y) -> Long.compare(y, x));

        assertThat(ids(execute(ReportSql.EXECUTION_HISTORY, "scan", null, null, null, null, 10))).containsExactly(all.get(1), all.get(2));
        assertThat(ids(execute(ReportSql.EXECUTION_HISTORY, null, "failed", null, null, null, 10))).containsExactly(all.get(1));
        assertThat(ids(execute(ReportSql.EXECUTION_HISTORY, null, null, at(now.minusSeconds(250)), at(now.minusSeconds(150)), null, 10)))
                .containsExactly(all.get(1));
        assertThat(ids(execute(ReportSql.EXECUTION_HISTORY, null, null, null, null, all.get(0), 1))).containsExactly(all.get(1));
    }

    @Test
    void bottlenecksSumAndRankTheTimeOfJobsFinishedInThePeriod() {
        finished(1, "quote", "A").finishedAt(now.minusSeconds(60)).timings(10, 100, 1, 5).insert(sql);
        finished(2, "quote", "B").status("failed").finishedAt(now.minusSeconds(60)).timings(30, 300, 3, 15).insert(sql);
        finished(3, "quote", "C").finishedAt(now.minusSeconds(7200)).timings(999, 999, 999, 999).insert(sql);     // before the period
        finished(4, "profile", "A").finishedAt(now.minusSeconds(60)).timings(1, 1, 1, 1).insert(sql);

        List<Row> rows = execute(ReportSql.BOTTLENECKS, at(now.minusSeconds(3600)), at(now), "quote");

        assertThat(rows).hasSize(1);
        Row q = rows.get(0);
        assertThat(q.getLong("jobs")).isEqualTo(2);
        assertThat(q.getLong("failed")).isEqualTo(1);
        assertThat(List.of(q.getLong("queue_wait_ms"), q.getLong("fetch_ms"), q.getLong("validate_ms"), q.getLong("write_ms")))
                .containsExactly(40L, 400L, 4L, 20L);
        assertThat(q.getDouble("p95_fetch_ms")).isEqualTo(290.0);
        assertThat(execute(ReportSql.BOTTLENECKS, at(now.minusSeconds(3600)), at(now), null)).extracting(r -> r.getString("data_type"))
                .containsExactly("profile", "quote");
    }

    private static List<Long> ids(List<Row> rows) {
        return rows.stream().map(r -> r.getLong("execution_id")).toList();
    }
}
