package dev.freshet.checker.decay;

import dev.freshet.checker.CheckerDb;
import dev.freshet.checker.run.TaskRun;
import dev.freshet.checker.run.TaskRunner;
import dev.freshet.checker.run.TaskStatus;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class PriorityDecayTest {

    @Inject
    TaskRunner runner;
    @Inject
    PriorityDecay task;

    private final CheckerDb db = new CheckerDb();
    private final Instant now = Instant.now();

    @BeforeEach
    void clean() {
        db.reset();
    }

    private TaskRun run() {
        return runner.run(task, now).await().atMost(Duration.ofSeconds(20));
    }

    @Test
    void viewerBoostOfAPendingJobDecaysToCurrentPresence() {
        db.sql.update("""
                insert into refresh_jobs (data_type, symbol, provider, priority, origin, viewer_count)
                values ('quote', 'AAPL', 'fmp', 1055, 'viewer', 5), ('quote', 'MSFT', 'fmp', 1052, 'viewer', 2)""");
        db.viewer("c1", "AAPL", "quote", now.minusSeconds(5));
        db.viewer("c2", "MSFT", "quote", now.minusSeconds(500));

        TaskRun r = run();

        assertThat(r.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(db.job("quote", "AAPL", "viewer_count")).isEqualTo(1);
        assertThat(db.job("quote", "AAPL", "priority")).isEqualTo(1000 + 50 + 1);
        assertThat(db.job("quote", "MSFT", "viewer_count")).isEqualTo(0);
        assertThat(db.job("quote", "MSFT", "priority")).as("nobody left: the registry priority").isEqualTo(50);
        assertThat(r.outcome().details().getInteger("lowered")).isEqualTo(2);
    }

    @Test
    void decayNeverRaisesAPriorityAndLeavesRunningJobsAlone() {
        db.sql.update("""
                insert into refresh_jobs (data_type, symbol, provider, priority, origin, viewer_count)
                values ('quote', 'LOW', 'fmp', 10, 'viewer', 3)""");
        db.sql.update("""
                insert into refresh_jobs (data_type, symbol, provider, priority, origin, viewer_count, status, claimed_at,
                                          claimed_by, lease_expires_at, attempts)
                values ('quote', 'RUN', 'fmp', 1053, 'viewer', 3, 'processing', now(), 'p1', now() + interval '1 minute', 1)""");
        db.viewer("c1", "LOW", "quote", now.minusSeconds(5));

        run();

        assertThat(db.job("quote", "LOW", "viewer_count")).isEqualTo(1);
        assertThat(db.job("quote", "LOW", "priority")).as("below what one viewer earns, and kept").isEqualTo(10);
        assertThat(db.job("quote", "RUN", "viewer_count")).isEqualTo(3);
        assertThat(db.job("quote", "RUN", "priority")).isEqualTo(1053);
    }
}
