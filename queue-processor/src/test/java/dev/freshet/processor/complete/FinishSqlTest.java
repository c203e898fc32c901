package dev.freshet.processor.complete;

import dev.freshet.processor.ProcessorTestBase;
import dev.freshet.processor.claim.ClaimedJob;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.UpstreamStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
    void finishesInFlightAtOnceSettleIntoRowsOfTheirOwnAndNeitherWaitsForTheOther() {
        // one usage row per provider and minute was locked by every finish to its commit: a second finish of the minute
        // waited for the first one's commit (with four processors, 114 ms a finish on average)
        Instant claimedAt = minuteNow();
        ClaimedJob first = processing("FSQL1", claimedAt);
        ClaimedJob second = processing("FSQL2", claimedAt);
        List<SqlConnection> held = new ArrayList<>();
        try {
            SqlConnection a = connection(held);
            SqlConnection b = connection(held);
            while (writer(b) == writer(a)) {
                // two connections whose pids fall on one writer share its row; the next one in a few does not
                b = connection(held);
            }
            Transaction ta = a.begin().await().atMost(Duration.ofSeconds(10));
            Transaction tb = b.begin().await().atMost(Duration.ofSeconds(10));
            a.preparedQuery(FinishSql.FINISH_JOBS).execute(finishParams(first)).await().atMost(Duration.ofSeconds(10));
            b.query("set local lock_timeout = '2s'").execute().await().atMost(Duration.ofSeconds(10));
            b.preparedQuery(FinishSql.FINISH_JOBS).execute(finishParams(second)).await().atMost(Duration.ofSeconds(10));
            tb.commit().await().atMost(Duration.ofSeconds(10));
            ta.commit().await().atMost(Duration.ofSeconds(10));

            assertThat(sql.rows("select writer from api_usage where provider = 'fsql' order by writer"))
                    .extracting(r -> ((Number) r.get("writer")).intValue())
                    .containsExactlyInAnyOrder(writer(a), writer(b));
            assertThat(usage()).containsExactly(Map.entry(claimedAt, 2L));
        } finally {
            held.forEach(c -> c.close().await().atMost(Duration.ofSeconds(10)));
        }
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
        return processing("FSQL", claimedAt);
    }

    private ClaimedJob processing(String symbol, Instant claimedAt) {
        long id = job("fsql-quote", symbol).provider("fsql").attempts(1).reserved(1, 0)
                .processing(INSTANCE, claimedAt, claimedAt.plus(Duration.ofHours(1))).insert(sql);
        return running(id, symbol, claimedAt);
    }

    private SqlConnection connection(List<SqlConnection> held) {
        SqlConnection c = pool.getConnection().await().atMost(Duration.ofSeconds(10));
        held.add(c);
        return c;
    }

    /** The usage row a finish on this connection settles into. */
    private static int writer(SqlConnection c) {
        return c.query("select 1 + pg_backend_pid() % 16 as writer").execute().await().atMost(Duration.ofSeconds(10))
                .iterator().next().getInteger("writer");
    }

    private static Tuple finishParams(ClaimedJob job) {
        JobResult done = new JobResult(job, JobResult.Outcome.COMPLETED, null, null, 200, 100, 1, 5, 1, 1, 1, Instant.now(), 0, 0);
        return Tuple.tuple(new ArrayList<>(FinishStatement.params(List.of(done), Instant.now(), 5)));
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
        sql.rows("select bucket_start, sum(calls) as calls from api_usage where provider = 'fsql' group by bucket_start order by bucket_start")
                .forEach(r -> usage.put(((Timestamp) r.get("bucket_start")).toInstant(), ((Number) r.get("calls")).longValue()));
        return usage;
    }
}
