package dev.freshet.checker.run;

import dev.freshet.testsupport.ManagementInterface;
import dev.freshet.checker.CheckerDb;
import dev.freshet.checker.CheckerTestBase;
import dev.freshet.checker.recovery.LeaseRecovery;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.health.api.Wellness;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.freshet.testsupport.rows.JobRow.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class TaskRunnerTest extends CheckerTestBase {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    GateTask gate;
    @Inject
    LeaseRecovery recovery;
    @Inject
    CheckerSchedule schedule;
    @Inject
    @Wellness
    SchedulerHealthCheck health;

    @BeforeEach
    void clean() {
        db.reset();
        gate.gate = CompletableFuture.completedFuture(null);
        gate.failuresLeft = 0;
        gate.executions.set(0);
    }

    private long logged(String status) {
        return db.sql.count("select count(*) from scheduler_execution_log where task = 'test-gate' and status = ?", status);
    }

    @Test
    void twoConcurrentRunsOfOneTaskExecuteOnceAndTheOtherSkips() {
        gate.gate = new CompletableFuture<>();
        CompletableFuture<TaskRun> first = runner.run(gate, Instant.now()).subscribeAsCompletionStage();
        await().atMost(WAIT).until(() -> logged("running") == 1);

        TaskRun second = runner.run(gate, Instant.now()).await().atMost(WAIT);
        gate.gate.complete(null);
        TaskRun firstRun = first.join();

        assertThat(second.status()).isEqualTo(TaskStatus.SKIPPED_LOCKED);
        assertThat(firstRun.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(gate.executions.get()).isEqualTo(1);
        assertThat(logged("succeeded")).isEqualTo(1);
        assertThat(logged("skipped_locked")).isEqualTo(1);
        assertThat(db.sql.value("select items_examined from scheduler_execution_log where task = 'test-gate' and status = 'succeeded'"))
                .isEqualTo(1);
        assertThat(db.sql.value("select instance_id from scheduler_execution_log where task = 'test-gate' and status = 'succeeded'"))
                .isNotNull();
    }

    @Test
    void asManyRunsAtOnceAsThePoolHasConnectionsAllRun() {
        int connections = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.datasource.reactive.max-size", Integer.class);
        CompletableFuture<Void> open = new CompletableFuture<>();
        List<CompletableFuture<TaskRun>> runs = new java.util.ArrayList<>();
        for (int i = 0; i < connections; i++) {
            runs.add(runner.run(held(901 + i, open), Instant.now()).subscribeAsCompletionStage());
        }
        // each holds its transaction's connection until the gate opens: all of them must have begun
        await().atMost(WAIT).until(() -> db.sql.count(
                "select count(*) from scheduler_execution_log where task like 'test-held-%' and status = 'running'") == connections);
        open.complete(null);

        assertThat(runs.stream().map(r -> r.join().status()).toList()).containsOnly(TaskStatus.SUCCEEDED).hasSize(connections);
    }

    /** A task of its own lock id that holds its transaction until {@code open} completes. */
    private static ScheduledTask held(int lockId, CompletableFuture<Void> open) {
        TaskDescriptor descriptor = new TaskDescriptor() {
            @Override
            public String taskName() {
                return "test-held-" + lockId;
            }

            @Override
            public int lockId() {
                return lockId;
            }

            @Override
            public TaskSchedule schedule(CheckerConfig config) {
                return new TaskSchedule(Duration.ofHours(1), false);
            }
        };
        return new ScheduledTask() {
            @Override
            public TaskDescriptor descriptor() {
                return descriptor;
            }

            @Override
            public Uni<TaskOutcome> execute(SqlConnection tx, Instant now) {
                return Uni.createFrom().completionStage(open).replaceWith(TaskOutcome.none());
            }
        };
    }

    @Test
    void aRealTaskSkipsWhileAnotherInstanceHoldsItsLock() throws Exception {
        job("profile", "AAPL").priority(20).attempts(1)
                .processing("p1", Instant.now().minusSeconds(120), Instant.now().minusSeconds(60)).insert(db.sql);
        try (Connection other = db.sql.connect()) {
            other.setAutoCommit(false);
            try (PreparedStatement ps = other.prepareStatement("select pg_try_advisory_xact_lock(?, ?)")) {
                ps.setInt(1, TaskRunner.LOCK_NAMESPACE);
                ps.setInt(2, recovery.descriptor().lockId());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getBoolean(1)).isTrue();
                }
            }

            TaskRun skipped = runner.run(recovery, Instant.now()).await().atMost(WAIT);

            assertThat(skipped.status()).isEqualTo(TaskStatus.SKIPPED_LOCKED);
            assertThat(db.job("profile", "AAPL", "status")).isEqualTo("processing");
            other.rollback();
        }

        TaskRun ran = runner.run(recovery, Instant.now()).await().atMost(WAIT);

        assertThat(ran.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(db.job("profile", "AAPL", "status")).isEqualTo("pending");
    }

    @Test
    void aFailingRunIsLoggedAsFailedAndReleasesItsLock() {
        gate.failuresLeft = 1;

        TaskRun failed = runner.run(gate, Instant.now()).await().atMost(WAIT);
        TaskRun next = runner.run(gate, Instant.now()).await().atMost(WAIT);

        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(failed.error()).contains("division by zero");
        assertThat(db.sql.value("select error from scheduler_execution_log where task = 'test-gate' and status = 'failed'"))
                .asString().contains("division by zero");
        assertThat(db.sql.value("select finished_at from scheduler_execution_log where task = 'test-gate' and status = 'failed'"))
                .isNotNull();
        assertThat(next.status()).isEqualTo(TaskStatus.SUCCEEDED);
    }

    @Test
    void theSchedulerKeepsRunningATaskAfterItFails() {
        gate.failuresLeft = 2;
        String job = schedule.schedule(gate, Duration.ofSeconds(1));
        try {
            await().atMost(WAIT).until(() -> logged("succeeded") >= 1);
        } finally {
            schedule.unschedule(job);
        }

        assertThat(logged("failed")).isEqualTo(2);
    }

    @Test
    void schedulerHealthIsDownWhenATaskMissedSeveralIntervals() {
        Instant now = Instant.now();
        db.sql.update("""
                insert into scheduler_execution_log (task, instance_id, started_at, finished_at, status)
                values ('lease-recovery', 'other-replica', ?, ?, 'succeeded')""",
                CheckerDb.at(now.minusSeconds(10)), CheckerDb.at(now.minusSeconds(9)));

        HealthCheckResponse recent = health.evaluate(List.of(recovery), now, now.minusSeconds(3600)).await().atMost(WAIT);
        HealthCheckResponse late = health.evaluate(List.of(recovery), now.plusSeconds(3600), now.minusSeconds(3600)).await().atMost(WAIT);

        assertThat(recent.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(late.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(late.getData().orElseThrow().get("lease-recovery").toString()).matches("OVERDUE by 351[89]s, every PT30S, last success .*");
    }

    @Test
    void readinessIsTheSchemaAloneAndTheSchedulerIsAWellnessDetail() {
        RestAssured.given().port(ManagementInterface.port()).get("/q/health/ready").then()
                .statusCode(200)
                .body(containsString("schema"))
                .body(not(containsString("scheduler")));
        RestAssured.given().port(ManagementInterface.port()).get("/q/health/well").then()
                .statusCode(200)
                .body(containsString("scheduler"));
    }
}
