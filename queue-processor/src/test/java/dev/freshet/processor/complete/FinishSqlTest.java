package dev.freshet.processor.complete;

import dev.freshet.processor.ProcessorTestBase;
import dev.freshet.processor.claim.ClaimedJob;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.UpstreamStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.freshet.testsupport.rows.DataTypeRow.dataType;
import static dev.freshet.testsupport.rows.JobRow.job;
import static dev.freshet.testsupport.rows.QuotaRow.quota;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The finish statement's usage settlement on the real database: a call is charged to the minute it was made in, and
 * never to a minute before its claim, whose claims are over and did not count it.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
class FinishSqlTest extends ProcessorTestBase {

    private static final String INSTANCE = "finish-sql-test";

    @BeforeEach
    void clean() {
        sql.update("delete from refresh_jobs where provider = 'fsql'");
        sql.update("delete from refresh_job_history where provider = 'fsql'");
        sql.forgetDataTypes("fsql-%");
        sql.forgetProviders("fsql");
        quota("fsql").insert(sql);
        dataType("fsql-quote").provider("fsql").rolloutState("paused").insert(sql);
    }

    @Test
    void aCallWhoseAgeReachesBackBeforeItsClaimIsChargedToTheClaimsMinute() {
        // a claim made as a minute begins, its call's age taken as if it were two seconds older: without the claim's
        // time as the floor the call would land in the minute before, after that minute's claims had all been made
        Instant claimedAt = minuteNow();
        ClaimedJob job = processing(claimedAt);

        finish(job, claimedAt.minusSeconds(2));

        assertThat(usage()).containsExactly(Map.entry(claimedAt, 1L));
        assertThat(sql.count("select count(*) from refresh_job_history where provider = 'fsql' and status = 'completed'")).isEqualTo(1);
    }

    @Test
    void aCallMadeMinutesAfterItsClaimIsChargedToTheMinuteItWasMadeIn() {
        Instant claimedAt = minuteNow().minus(Duration.ofMinutes(3));
        ClaimedJob job = processing(claimedAt);

        finish(job, Instant.now());

        Map<Instant, Long> usage = usage();
        assertThat(usage).hasSize(1);
        assertThat(usage.keySet().iterator().next()).as("the call's own minute, not the claim's").isAfterOrEqualTo(claimedAt.plus(Duration.ofMinutes(3)));
    }

    private Instant minuteNow() {
        return ((Timestamp) sql.value("select date_trunc('minute', now())")).toInstant();
    }

    private ClaimedJob processing(Instant claimedAt) {
        long id = job("fsql-quote", "FSQL").provider("fsql").attempts(1).reserved(1, 0)
                .processing(INSTANCE, claimedAt, claimedAt.plus(Duration.ofHours(1))).insert(sql);
        return new ClaimedJob(id, "fsql-quote", "FSQL", "fsql", 0, "scheduled", 0, 1, 5, claimedAt, claimedAt, 1, 0, 1,
                INSTANCE, System.nanoTime(), null);
    }

    private void finish(ClaimedJob job, Instant callAt) {
        JobResult done = new JobResult(job, JobResult.Outcome.COMPLETED, null, null, 200, 100, 1, 5, 1, 1, 1, callAt, 0, 0);
        execute(FinishSql.FINISH_JOBS, FinishStatement.params(List.of(done), Instant.now(), 5).toArray());
    }

    private Map<Instant, Long> usage() {
        Map<Instant, Long> usage = new java.util.LinkedHashMap<>();
        sql.rows("select bucket_start, calls from api_usage where provider = 'fsql' order by bucket_start")
                .forEach(r -> usage.put(((Timestamp) r.get("bucket_start")).toInstant(), ((Number) r.get("calls")).longValue()));
        return usage;
    }
}
