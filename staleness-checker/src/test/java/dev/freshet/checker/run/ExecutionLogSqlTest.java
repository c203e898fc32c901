package dev.freshet.checker.run;

import dev.freshet.checker.CheckerTestBase;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import static dev.freshet.checker.CheckerDb.at;
import static org.assertj.core.api.Assertions.assertThat;

/** The execution log's statements and the task lock, each on the real database. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class ExecutionLogSqlTest extends CheckerTestBase {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @Test
    void tryLockTakesTheLockOnceAndBoundsTheTransactionsStatements() throws Exception {
        try (Connection holder = db.sql.connect(); Connection other = db.sql.connect()) {
            holder.setAutoCommit(false);
            other.setAutoCommit(false);
            try (PreparedStatement first = holder.prepareStatement(jdbc(ExecutionLogSql.TRY_LOCK));
                 PreparedStatement second = other.prepareStatement(jdbc(ExecutionLogSql.TRY_LOCK))) {
                assertThat(locked(first)).isTrue();
                assertThat(locked(second)).as("held by the first transaction").isFalse();
                try (ResultSet rs = holder.createStatement().executeQuery("show statement_timeout")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("1500ms");
                }
                holder.rollback();
                assertThat(locked(second)).as("released with the transaction").isTrue();
                other.rollback();
            }
        }
    }

    private static String jdbc(String statement) {
        return statement.replace("$1", "?").replace("$2", "?").replace("$3", "?");
    }

    private static boolean locked(PreparedStatement ps) throws Exception {
        ps.setInt(1, TaskRunner.LOCK_NAMESPACE);
        ps.setInt(2, 777);
        ps.setString(3, "1500");
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean("locked");
        }
    }

    @Test
    void startThenFinishWritesOneCompleteRow() {
        long id = execute(ExecutionLogSql.START, "sql-test", "i1", at(now)).get(0).getLong("execution_id");
        assertThat(db.sql.value("select status from scheduler_execution_log where execution_id = ?", id)).isEqualTo("running");

        execute(ExecutionLogSql.FINISH, id, at(now.plusSeconds(2)), "succeeded", 5, 3, null, new JsonObject().put("k", 1));

        Map<String, Object> row = db.sql.rows("select * from scheduler_execution_log where execution_id = ?", id).get(0);
        assertThat(row.get("status")).isEqualTo("succeeded");
        assertThat(row.get("items_examined")).isEqualTo(5);
        assertThat(row.get("jobs_enqueued")).isEqualTo(3);
        assertThat(row.get("details").toString()).contains("\"k\": 1");
        assertThat(row.get("finished_at")).isNotNull();
    }

    @Test
    void recordWritesARunThatNeverStartedWork() {
        long id = execute(ExecutionLogSql.RECORD, "sql-test", "i1", at(now), at(now), "skipped_locked", 0, 0, null,
                new JsonObject()).get(0).getLong("execution_id");

        assertThat(db.sql.value("select status from scheduler_execution_log where execution_id = ?", id)).isEqualTo("skipped_locked");
    }

    @Test
    void lastRunsGivesEachTasksLastRunAndLastHealthyRun() {
        record("a", now.minusSeconds(60), "succeeded");
        record("a", now.minusSeconds(10), "failed");
        record("b", now.minusSeconds(30), "skipped_flag");
        record("c", now.minusSeconds(5), "succeeded");

        Map<String, Row> byTask = new HashMap<>();
        execute(ExecutionLogSql.LAST_RUNS, (Object) new String[]{"a", "b"}).forEach(r -> byTask.put(r.getString("task"), r));

        assertThat(byTask).containsOnlyKeys("a", "b");
        assertThat(byTask.get("a").getOffsetDateTime("last_run").toInstant()).isEqualTo(at(now.minusSeconds(10)).toInstant());
        assertThat(byTask.get("a").getOffsetDateTime("last_ok").toInstant()).isEqualTo(at(now.minusSeconds(60)).toInstant());
        assertThat(byTask.get("b").getOffsetDateTime("last_ok")).isNotNull();
    }

    private void record(String task, Instant at, String status) {
        execute(ExecutionLogSql.RECORD, task, "i1", at(at), at(at), status, 0, 0, null, new JsonObject());
    }
}
