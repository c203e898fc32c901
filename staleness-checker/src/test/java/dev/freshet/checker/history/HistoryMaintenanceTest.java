package dev.freshet.checker.history;

import dev.freshet.checker.CheckerTestBase;
import dev.freshet.checker.run.TaskRun;
import dev.freshet.checker.run.TaskStatus;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class HistoryMaintenanceTest extends CheckerTestBase {

    @Inject
    HistoryMaintenance task;

    private boolean partitionExists(LocalDate day) {
        return db.sql.count("select count(*) from pg_class where relname = ?",
                "refresh_job_history_p" + day.toString().replace("-", "")) == 1;
    }

    @Test
    void createsTheComingPartitionsAndDropsThoseOlderThanRetention() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate old = today.minusDays(30);
        LocalDate kept = today.minusDays(5);
        db.sql.value("select freshet_ensure_history_partitions(?, 1)", old);
        db.sql.value("select freshet_ensure_history_partitions(?, 1)", kept);
        Instant threeDaysOn = Instant.now().plus(Duration.ofDays(3));

        TaskRun r = run(task, threeDaysOn);

        assertThat(r.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(partitionExists(today.plusDays(3 + 7))).isTrue();
        assertThat(partitionExists(old)).isFalse();
        assertThat(partitionExists(kept)).isTrue();
        assertThat(r.outcome().details().getInteger("partitionsDropped")).isGreaterThanOrEqualTo(1);

        TaskRun again = run(task, threeDaysOn);
        assertThat(again.outcome().details().getInteger("partitionsCreated")).isZero();
    }

    @Test
    void executionLogRowsOlderThanRetentionArePruned() {
        db.sql.update("""
                insert into scheduler_execution_log (task, instance_id, started_at, finished_at, status)
                values ('presence-scan', 'old', now() - interval '20 days', now() - interval '20 days', 'succeeded')""");

        run(task, Instant.now());

        assertThat(db.sql.count("select count(*) from scheduler_execution_log where instance_id = 'old'")).isZero();
        assertThat(db.sql.count("select count(*) from scheduler_execution_log where task = 'history-maintenance'")).isEqualTo(1);
    }
}
