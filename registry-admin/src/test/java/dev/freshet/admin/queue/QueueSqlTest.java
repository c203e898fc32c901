package dev.freshet.admin.queue;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.StatementTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static dev.freshet.admin.TestData.at;
import static dev.freshet.testsupport.rows.HistoryRow.finished;
import static dev.freshet.testsupport.rows.JobRow.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The operator queue statements on the real database. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class QueueSqlTest extends StatementTest {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @BeforeEach
    void clean() {
        sql.emptyQueue();
    }

    @Test
    void statsCountsTheHotQueueAndJobsFinishedSinceTheGivenTime() {
        job("quote", "A").enqueuedAt(now.minusSeconds(60)).runAfter(now.minusSeconds(60)).insert(sql);
        job("quote", "B").runAfter(now.plusSeconds(60)).enqueuedAt(now.minusSeconds(10)).insert(sql);
        job("quote", "C").processing("p1", now, now.plusSeconds(60)).insert(sql);
        finished(9001, "quote", "A").finishedAt(now.minusSeconds(30)).insert(sql);
        finished(9002, "quote", "B").status("failed").finishedAt(now.minusSeconds(30)).insert(sql);
        finished(9003, "quote", "C").status("cancelled").finishedAt(now.minusSeconds(7200)).insert(sql);   // before the period
        finished(9004, "profile", "A").finishedAt(now.minusSeconds(30)).insert(sql);

        List<Row> rows = execute(QueueSql.STATS, at(now.minusSeconds(3600)), at(now));

        assertThat(rows).extracting(r -> r.getString("data_type"), r -> r.getLong("pending"), r -> r.getLong("processing"),
                r -> r.getLong("backing_off"), r -> r.getLong("completed"), r -> r.getLong("failed"), r -> r.getLong("cancelled"))
                .containsExactly(tuple("profile", 0L, 0L, 0L, 1L, 0L, 0L), tuple("quote", 2L, 1L, 1L, 1L, 1L, 0L));
        assertThat(rows.get(1).getOffsetDateTime("oldest_pending_at").toInstant()).isEqualTo(now.minusSeconds(60));
        assertThat(rows.get(0).getOffsetDateTime("oldest_pending_at")).isNull();
    }

    @Test
    void listJobsFiltersAndPagesByJobId() {
        long a = job("quote", "A").insert(sql);
        long b = job("quote", "B").insert(sql);
        long c = job("profile", "A").insert(sql);
        long d = job("quote", "D").processing("p1", now, now.plusSeconds(60)).insert(sql);

        assertThat(ids(execute(QueueSql.LIST_JOBS, null, null, null, null, 10))).containsExactly(a, b, c, d);
        assertThat(ids(execute(QueueSql.LIST_JOBS, "pending", "quote", null, null, 10))).containsExactly(a, b);
        assertThat(ids(execute(QueueSql.LIST_JOBS, null, null, "A", null, 10))).containsExactly(a, c);
        assertThat(ids(execute(QueueSql.LIST_JOBS, null, null, null, a, 2))).containsExactly(b, c);
    }

    @Test
    void listHistoryFiltersAndPagesNewestFirst() {
        finished(1, "quote", "A").finishedAt(now.minusSeconds(30)).insert(sql);
        finished(2, "quote", "B").finishedAt(now.minusSeconds(30)).insert(sql);
        finished(3, "quote", "A").status("failed").finishedAt(now.minusSeconds(20)).insert(sql);
        finished(4, "profile", "A").finishedAt(now.minusSeconds(10)).insert(sql);

        assertThat(ids(execute(QueueSql.LIST_HISTORY, null, null, null, null, null, null, null, 10))).containsExactly(4L, 3L, 2L, 1L);
        assertThat(ids(execute(QueueSql.LIST_HISTORY, "completed", "quote", null, null, null, null, null, 10))).containsExactly(2L, 1L);
        assertThat(ids(execute(QueueSql.LIST_HISTORY, null, null, "A", at(now.minusSeconds(25)), null, null, null, 10)))
                .containsExactly(4L, 3L);
        assertThat(ids(execute(QueueSql.LIST_HISTORY, null, null, null, null, at(now.minusSeconds(15)), null, null, 10)))
                .containsExactly(3L, 2L, 1L);
        assertThat(ids(execute(QueueSql.LIST_HISTORY, null, null, null, null, null, at(now.minusSeconds(30)), 2L, 10)))
                .as("after the cursor (finished_at, job_id)").containsExactly(1L);
    }

    @Test
    void lockJobAndHotJobOfFindTheHotJob() {
        long a = job("quote", "A").insert(sql);

        Row locked = execute(QueueSql.LOCK_JOB, a).get(0);
        assertThat(locked.getString("symbol")).isEqualTo("A");
        assertThat(locked.getJsonObject("row_json").getLong("job_id")).isEqualTo(a);
        assertThat(execute(QueueSql.LOCK_JOB, a + 1000)).isEmpty();
        assertThat(ids(execute(QueueSql.HOT_JOB_OF, "quote", "A"))).containsExactly(a);
        assertThat(execute(QueueSql.HOT_JOB_OF, "profile", "A")).isEmpty();
    }

    @Test
    void lastHistoryIsTheJobsLatestFinish() {
        finished(7, "quote", "A").status("failed").finishedAt(now.minusSeconds(60)).insert(sql);
        finished(7, "quote", "A").status("completed").finishedAt(now.minusSeconds(10)).insert(sql);
        finished(8, "quote", "A").status("cancelled").finishedAt(now).insert(sql);

        assertThat(execute(QueueSql.LAST_HISTORY, 7L)).extracting(r -> r.getString("status")).containsExactly("completed");
    }

    @Test
    void runNowMovesOnlyAPendingJobForwardAndRaisesItsPriorityToTheFloor() {
        long waiting = job("quote", "A").priority(5).runAfter(now.plusSeconds(600)).insert(sql);
        long high = job("quote", "B").priority(90).runAfter(now.plusSeconds(600)).insert(sql);
        long running = job("quote", "C").processing("p1", now, now.plusSeconds(60)).insert(sql);

        assertThat(execute(QueueSql.RUN_NOW, waiting, at(now), 50)).hasSize(1);
        assertThat(execute(QueueSql.RUN_NOW, high, at(now), 50)).hasSize(1);
        assertThat(execute(QueueSql.RUN_NOW, running, at(now), 50)).isEmpty();

        assertThat(sql.rows("select symbol, priority from refresh_jobs order by symbol")).extracting(m -> m.get("symbol"), m -> m.get("priority"))
                .containsExactly(tuple("A", 50), tuple("B", 90), tuple("C", 0));
        assertThat(sql.count("select count(*) from refresh_jobs where run_after = ?", at(now))).isEqualTo(2);
    }

    @Test
    void purgeHistoryDeletesOnlyMatchingRowsBeforeTheCutoffAndAuditsTheCount() {
        finished(1, "quote", "A").finishedAt(now.minusSeconds(7200)).insert(sql);
        finished(2, "quote", "B").status("failed").finishedAt(now.minusSeconds(7200)).insert(sql);
        finished(3, "profile", "A").finishedAt(now.minusSeconds(7200)).insert(sql);
        finished(4, "quote", "C").finishedAt(now).insert(sql);
        long audits = sql.count("select count(*) from audit_log where entity_type = 'job' and action = 'purge'");

        Row r = execute(QueueSql.PURGE_HISTORY, at(now.minusSeconds(3600)), "completed", "quote", "alice").get(0);

        assertThat(r.getLong("deleted")).isEqualTo(1);
        assertThat(sql.rows("select job_id from refresh_job_history order by job_id")).extracting(m -> ((Number) m.get("job_id")).longValue())
                .containsExactly(2L, 3L, 4L);
        assertThat(sql.count("select count(*) from audit_log where entity_type = 'job' and action = 'purge' and actor = 'alice' and (after ->> 'deleted')::int = 1"))
                .isEqualTo(1);
        assertThat(sql.count("select count(*) from audit_log where entity_type = 'job' and action = 'purge'")).isEqualTo(audits + 1);
    }

    private static List<Long> ids(List<Row> rows) {
        return rows.stream().map(r -> r.getLong("job_id")).toList();
    }
}
