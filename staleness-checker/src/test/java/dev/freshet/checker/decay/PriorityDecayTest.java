package dev.freshet.checker.decay;

import dev.freshet.checker.CheckerTestBase;
import dev.freshet.checker.run.TaskRun;
import dev.freshet.checker.run.TaskStatus;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.freshet.testsupport.rows.JobRow.job;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class PriorityDecayTest extends CheckerTestBase {

    @Inject
    PriorityDecay task;

    private final Instant now = Instant.now();

    private TaskRun run() {
        return run(task, now);
    }

    @Test
    void viewerBoostOfAPendingJobDecaysToCurrentPresence() {
        job("quote", "AAPL").priority(1055).viewers(5).insert(db.sql);
        job("quote", "MSFT").priority(1052).viewers(2).insert(db.sql);
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
        job("quote", "LOW").priority(10).viewers(3).insert(db.sql);
        job("quote", "RUN").priority(1053).viewers(3).attempts(1).processing("p1", now, now.plusSeconds(60)).insert(db.sql);
        db.viewer("c1", "LOW", "quote", now.minusSeconds(5));

        run();

        assertThat(db.job("quote", "LOW", "viewer_count")).isEqualTo(1);
        assertThat(db.job("quote", "LOW", "priority")).as("below what one viewer earns, and kept").isEqualTo(10);
        assertThat(db.job("quote", "RUN", "viewer_count")).isEqualTo(3);
        assertThat(db.job("quote", "RUN", "priority")).isEqualTo(1053);
    }
}
