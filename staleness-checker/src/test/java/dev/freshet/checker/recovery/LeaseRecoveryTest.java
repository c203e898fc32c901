package dev.freshet.checker.recovery;

import dev.freshet.checker.CheckerTestBase;
import dev.freshet.checker.run.TaskRun;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.freshet.testsupport.rows.JobRow.job;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class LeaseRecoveryTest extends CheckerTestBase {

    @Inject
    LeaseRecovery recovery;

    private final Instant now = Instant.now();

    private void processing(String symbol, int attempts, Instant leaseExpires) {
        job("profile", symbol).priority(20).attempts(attempts).maxAttempts(5)
                .processing("proc-1", leaseExpires.minusSeconds(60), leaseExpires).reserved(1, 1800).insert(db.sql);
    }

    @Test
    void expiredLeasesGoBackToPendingOrFailWhenAttemptsAreSpent() {
        processing("RETRY", 2, now.minusSeconds(5));
        processing("SPENT", 5, now.minusSeconds(5));
        processing("ALIVE", 1, now.plusSeconds(30));

        TaskRun r = run(recovery, now);

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

    @Test
    void aCheckerWhoseClockRunsAheadRecoversNoLiveLeaseAndCountsTheLapsedReservation() {
        processing("LAPSED", 1, now.minusSeconds(5));
        processing("LIVE", 1, now.plusSeconds(30));

        // this checker's clock runs 5 minutes ahead: by it, both leases have lapsed; by the database's, one has
        TaskRun r = run(recovery, now.plus(Duration.ofMinutes(5)));

        assertThat(r.outcome().details().getInteger("requeued")).isEqualTo(1);
        assertThat(db.job("profile", "LIVE", "status")).as("a live lease is never recovered").isEqualTo("processing");
        assertThat(db.job("profile", "LAPSED", "status")).isEqualTo("pending");
        assertThat(db.sql.count("select coalesce(sum(calls), 0) from api_usage where provider = 'fmp'"))
                .as("the lapsed reservation became usage: its call may have been made").isEqualTo(1);
        assertThat(db.sql.count("select coalesce(sum(bytes), 0) from api_usage where provider = 'fmp'")).isEqualTo(1800);
    }
}
