package dev.freshet.benchmark;

import dev.freshet.launcher.Migrations;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The mixed-load scenario's statements on a real (embedded) PostgreSQL, migrated and read as the bench does. */
class MixedLoadSqlTest {

    @RegisterExtension
    static final BenchTestDatabase DATABASE = new BenchTestDatabase();
    static BenchSql sql;

    @BeforeAll
    static void open() throws Exception {
        Migrations.apply(DATABASE.database());
        sql = new BenchSql(DATABASE.database());
        sql.update("update data_type_registry set tier = 'critical' where data_type = 'quote'");
        sql.update("update data_type_registry set tier = 'standard' where data_type = 'profile'");
    }

    // the minute from 10:00:00 UTC on 2026-12-01, as epochs; each test its own job ids and data
    static final double MINUTE = 1_796_119_200;

    @Test
    void claimsBySecondCountsTheFmpJobsThatMadeCallsAndTheirCallsPerTierAndTenSecondsOfTheMinute() {
        clear();
        // two quotes claimed together make one batch call; a third, claimed later, one more
        history(1, "quote", "fmp", "viewer", "10:00:02", "10:00:03", 200);
        history(2, "quote", "fmp", "viewer", "10:00:02", "10:00:03", 200);
        history(9, "quote", "fmp", "viewer", "10:00:02", "10:00:07", 200);
        history(3, "profile", "fmp", "viewer", "10:00:02", "10:00:15", 200);
        history(4, "profile", "fmp", "scheduled", "10:00:02", "10:00:59", 200);
        history(5, "quote", "fmp", "ride_along", "10:00:02", "10:00:04", 200);
        history(6, "profile", "fmp", "viewer", "10:00:02", "10:00:20", null);
        history(7, "profile", "polygon", "viewer", "10:00:02", "10:00:21", 200);
        history(8, "profile", "fmp", "viewer", "10:00:02", "10:01:05", 200);

        String text = sql.text(MixedLoad.CLAIMS_BY_SECOND, MINUTE, MINUTE + 60);

        assertThat(text).as("riders, jobs without a call, other providers and other minutes left out")
                .isEqualTo("critical :0 3 jobs, 2 calls; standard :10 1 jobs, 1 calls; standard :50 1 jobs, 1 calls");
    }

    @Test
    void callsByOriginCountsABatchCallOnceAndAsViewedWhenAnyOfItsJobsWasAViewers() {
        clear();
        // one batch call of quotes: two viewers' jobs and a scheduled one, claimed together
        history(11, "quote", "fmp", "viewer", "10:00:01", "10:00:05", 200);
        history(12, "quote", "fmp", "viewer", "10:00:01", "10:00:05", 200);
        history(13, "quote", "fmp", "scheduled", "10:00:01", "10:00:05", 200);
        history(14, "profile", "fmp", "scheduled", "10:00:01", "10:00:06", 200);
        history(15, "profile", "fmp", "viewer", "10:00:01", "10:00:06", 200);
        history(16, "profile", "fmp", "viewer", "10:00:01", "10:00:07", null);
        history(17, "profile", "fmp", "viewer", "10:00:01", "10:01:07", 200);

        assertThat(sql.numbers(MixedLoad.CALLS_BY_ORIGIN, MINUTE, MINUTE)).as("viewed, scheduled").containsExactly(2.0, 1.0);
    }

    @Test
    void viewerWaitsAreGroupedByTierAndTheQuarterOfTheMinuteOfTheEnqueue() {
        clear();
        history(21, "profile", "fmp", "viewer", "10:00:05", "10:00:06", 200);
        history(22, "profile", "fmp", "viewer", "10:00:10", "10:00:13", 200);
        history(23, "quote", "fmp", "viewer", "10:00:50", "10:00:50.5", 200);
        history(24, "quote", "fmp", "scheduled", "10:00:20", "10:00:40", 200);
        history(25, "quote", "fmp", "viewer", "10:01:20", "10:01:40", 200);

        String text = sql.text(MixedLoad.VIEWER_WAITS, MINUTE, MINUTE + 60);

        assertThat(text).isEqualTo("critical :45 n=1 p50 500 p95 500 max 500; standard :0 n=2 p50 2000 p95 2900 max 3000");
    }

    @Test
    void jobsLostAreTheLedgersJobsNeitherInHistoryNorQueuedRidersDroppedByAFailedCallLeftOut() {
        clear();
        sql.update("drop table if exists bench_job_ledger");
        sql.update(MixedLoad.CREATE_LEDGER);
        sql.update("insert into bench_job_ledger (job_id, data_type, symbol, origin) values (31, 'quote', 'S31', 'viewer'), "
                + "(32, 'quote', 'S32', 'viewer'), (33, 'quote', 'S33', 'viewer'), (34, 'quote', 'S34', 'ride_along'), "
                + "(35, 'profile', 'S35', 'scheduled')");
        history(31, "quote", "fmp", "viewer", "10:00:01", "10:00:02", 200);
        sql.update("""
                insert into refresh_jobs (job_id, data_type, symbol, provider, priority, origin) overriding system value
                values (32, 'quote', 'S32', 'fmp', 0, 'viewer')""");

        assertThat(sql.number(MixedLoad.JOBS_LOST)).as("33 and 35: neither finished nor queued; 34 a dropped rider").isEqualTo(2.0);
        sql.update("delete from refresh_jobs where job_id = 32");
        sql.update("drop table bench_job_ledger");
    }

    private static void clear() {
        sql.update("delete from refresh_job_history");
    }

    private static void history(long jobId, String dataType, String provider, String origin, String enqueuedAt, String claimedAt,
                                Integer httpStatus) {
        sql.update("""
                insert into refresh_job_history (job_id, data_type, symbol, provider, priority, origin, viewer_count, status, attempts,
                                                 enqueued_at, claimed_at, claimed_by, finished_at, http_status)
                values (?, ?, 'S' || ?, ?, 0, ?, 1, 'completed', 1, ?::timestamptz, ?::timestamptz, 'bench',
                        ?::timestamptz + interval '1 second', ?)""",
                jobId, dataType, jobId, provider, origin, "2026-12-01 " + enqueuedAt + "+00", "2026-12-01 " + claimedAt + "+00",
                "2026-12-01 " + claimedAt + "+00", httpStatus);
    }
}
