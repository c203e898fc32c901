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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The finish statement on the real database: a call is charged to the minute it was made in, and never to a minute
 * before its claim, whose claims are over and did not count it; the jobs are found by their ids however many run.
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

    @Test
    void aFinishFindsItsJobsByTheirIdsWhileManyRun() {
        // statistics gathered while the queue was all pending count no running job; then 800 run
        sql.update("""
                insert into refresh_jobs (data_type, symbol, provider, priority, origin)
                select 'fsql-quote', 'P' || g, 'fsql', 1, 'manual' from generate_series(1, 2000) g""");
        sql.update("analyze refresh_jobs");
        Instant claimedAt = minuteNow();
        sql.update("""
                update refresh_jobs set status = 'processing', claimed_by = ?, claimed_at = ?, attempts = 1,
                       lease_expires_at = now() + interval '1 hour'
                 where job_id in (select job_id from refresh_jobs where provider = 'fsql' order by job_id limit 800)""",
                INSTANCE, java.sql.Timestamp.from(claimedAt));
        List<JobResult> done = sql.rows("select job_id, symbol from refresh_jobs where claimed_by = ? order by job_id limit 100", INSTANCE)
                .stream().map(r -> new JobResult(running(((Number) r.get("job_id")).longValue(), (String) r.get("symbol"), claimedAt),
                        JobResult.Outcome.COMPLETED, null, null, 200, 100, 1, 5, 1, 1, 1, Instant.now(), 0, 0))
                .toList();

        String run = execute("explain (analyze, costs off) " + FinishSql.FINISH_JOBS,
                FinishStatement.params(done, Instant.now(), 5).toArray()).stream()
                .map(r -> r.getString(0)).collect(java.util.stream.Collectors.joining("\n"));

        assertThat(run).as("the running jobs walked for each finished one\n" + run).doesNotContain("refresh_jobs_lease_idx");
        assertThat(rowsRemoved(run)).as("rows read and dropped\n" + run).isLessThan(1_000);
        assertThat(sql.count("select count(*) from refresh_job_history where provider = 'fsql' and status = 'completed'")).isEqualTo(100);
        assertThat(sql.count("select count(*) from refresh_jobs where claimed_by = ?", INSTANCE)).isEqualTo(700);
    }

    @Test
    void aPendingJobIsClaimedByNobody() {
        long id = job("fsql-quote", "FSQL").provider("fsql").insert(sql);

        assertThatThrownBy(() -> sql.update("update refresh_jobs set claimed_by = ? where job_id = ?", INSTANCE, id))
                .hasMessageContaining("refresh_jobs_claimed_only_while_running");
    }

    /** The rows each node of an analysed plan read and dropped, summed. */
    private static long rowsRemoved(String plan) {
        return java.util.regex.Pattern.compile("Rows Removed by (?:Join )?Filter: (\\d+)").matcher(plan).results()
                .mapToLong(m -> Long.parseLong(m.group(1))).sum();
    }

    private Instant minuteNow() {
        return ((Timestamp) sql.value("select date_trunc('minute', now())")).toInstant();
    }

    private ClaimedJob processing(Instant claimedAt) {
        long id = job("fsql-quote", "FSQL").provider("fsql").attempts(1).reserved(1, 0)
                .processing(INSTANCE, claimedAt, claimedAt.plus(Duration.ofHours(1))).insert(sql);
        return running(id, "FSQL", claimedAt);
    }

    private static ClaimedJob running(long jobId, String symbol, Instant claimedAt) {
        return new ClaimedJob(jobId, "fsql-quote", symbol, "fsql", 0, "scheduled", 0, 1, 5, claimedAt, claimedAt, 1, 0, 1,
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
