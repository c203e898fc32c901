package dev.freshet.checker.recovery;

import dev.freshet.checker.CheckerDb;
import dev.freshet.checker.run.TaskRun;
import dev.freshet.checker.run.TaskRunner;
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
class LeaseRecoveryTest {

    @Inject
    TaskRunner runner;
    @Inject
    LeaseRecovery recovery;

    private final CheckerDb db = new CheckerDb();
    private final Instant now = Instant.now();

    @BeforeEach
    void clean() {
        db.reset();
    }

    private void processing(String symbol, int attempts, Instant leaseExpires) {
        db.sql.update("""
                insert into refresh_jobs (data_type, symbol, provider, priority, origin, status, attempts, max_attempts,
                                          claimed_at, claimed_by, lease_expires_at, reserved_calls, reserved_bytes)
                values ('profile', ?, 'fmp', 20, 'scheduled', 'processing', ?, 5, ?, 'proc-1', ?, 1, 1800)""",
                symbol, attempts, CheckerDb.at(leaseExpires.minusSeconds(60)), CheckerDb.at(leaseExpires));
    }

    @Test
    void expiredLeasesGoBackToPendingOrFailWhenAttemptsAreSpent() {
        processing("RETRY", 2, now.minusSeconds(5));
        processing("SPENT", 5, now.minusSeconds(5));
        processing("ALIVE", 1, now.plusSeconds(30));

        TaskRun r = runner.run(recovery, now).await().atMost(Duration.ofSeconds(20));

        assertThat(r.outcome().itemsExamined()).isEqualTo(2);
        assertThat(r.outcome().details().getInteger("requeued")).isEqualTo(1);
        assertThat(r.outcome().details().getInteger("failed")).isEqualTo(1);
        assertThat(db.job("profile", "RETRY", "status")).isEqualTo("pending");
        assertThat(db.job("profile", "RETRY", "attempts")).as("the lapsed attempt stays counted").isEqualTo(2);
        assertThat(db.job("profile", "RETRY", "reserved_calls")).isEqualTo(0);
        assertThat(db.job("profile", "RETRY", "claimed_by")).isNull();
        assertThat(db.job("profile", "SPENT", "job_id")).isNull();
        assertThat(db.sql.value("select status from refresh_job_history where symbol = 'SPENT'")).isEqualTo("failed");
        assertThat(db.job("profile", "ALIVE", "status")).isEqualTo("processing");
    }
}
