package dev.freshet.checker.history;

import dev.freshet.checker.CheckerTestBase;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import static dev.freshet.checker.CheckerDb.at;
import static dev.freshet.testsupport.rows.HistoryRow.finished;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class HistorySqlTest extends CheckerTestBase {

    private final Instant now = Instant.now();

    private static String partition(LocalDate day) {
        return "refresh_job_history_p" + day.toString().replace("-", "");
    }

    @Test
    void ensureThenDropPartitionsCreatesDaysOnceAndDropsThemByTheirEnd() {
        // far in the past: dropping takes every partition ending before the cutoff, and there are none that old
        LocalDate far = LocalDate.now(ZoneOffset.UTC).minusDays(500);

        assertThat(execute(HistorySql.ENSURE_PARTITIONS, far, 2).get(0).getInteger("created")).isEqualTo(2);
        assertThat(execute(HistorySql.ENSURE_PARTITIONS, far, 2).get(0).getInteger("created")).isZero();
        assertThat(db.sql.count("select count(*) from pg_class where relname = ?", partition(far.plusDays(1)))).isEqualTo(1);

        int dropped = execute(HistorySql.DROP_PARTITIONS, far.plusDays(2)).get(0).getInteger("dropped");

        assertThat(dropped).isEqualTo(2);
        assertThat(db.sql.count("select count(*) from pg_class where relname = ?", partition(far))).isZero();
    }

    @Test
    void lockTimeoutBoundsTheTransactionsWaitForLocks() {
        assertThat(execute(HistorySql.LOCK_TIMEOUT).get(0).getString(0)).isEqualTo("5s");
    }

    @Test
    void pruneDefaultPartitionDeletesOnlyRowsBeforeTheCutoff() {
        Instant farPast = now.minus(400, ChronoUnit.DAYS);
        finished(991001, "profile", "OLD").enqueuedAt(farPast).finishedAt(farPast).insert(db.sql);
        finished(991002, "profile", "NEWER").enqueuedAt(farPast.plusSeconds(7200)).finishedAt(farPast.plusSeconds(7200)).insert(db.sql);

        int pruned = rowCount(HistorySql.PRUNE_DEFAULT_PARTITION, at(farPast.plusSeconds(3600)));

        assertThat(pruned).isEqualTo(1);
        assertThat(db.sql.count("select count(*) from refresh_job_history_default where job_id = 991002")).isEqualTo(1);
    }

    @Test
    void pruneExecutionLogKeepsRunsStillMarkedRunning() {
        db.sql.update("""
                insert into scheduler_execution_log (task, instance_id, started_at, status) values
                    ('t', 'i', ?, 'succeeded'), ('t', 'i', ?, 'running'), ('t', 'i', ?, 'succeeded')""",
                at(now.minus(20, ChronoUnit.DAYS)), at(now.minus(20, ChronoUnit.DAYS)), at(now));

        int pruned = rowCount(HistorySql.PRUNE_EXECUTION_LOG, at(now.minus(14, ChronoUnit.DAYS)));

        assertThat(pruned).isEqualTo(1);
        assertThat(db.sql.count("select count(*) from scheduler_execution_log where task = 't'")).isEqualTo(2);
    }
}
