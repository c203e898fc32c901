package dev.freshet.checker.scheduled;

import dev.freshet.checker.CheckerDb;
import dev.freshet.checker.CheckerTestBase;
import dev.freshet.checker.run.TaskRun;
import dev.freshet.checker.run.TaskStatus;
import dev.freshet.shared.flags.FeatureFlags;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static dev.freshet.testsupport.rows.UsageRow.usage;
import static dev.freshet.testsupport.rows.JobRow.job;
import static org.assertj.core.api.Assertions.assertThat;

/** Test batch size is 20 (test application.properties), so 30 symbols take two runs to scan. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class ScheduledRefreshTest extends CheckerTestBase {

    private static final Duration WEEK = Duration.ofDays(7);

    @Inject
    ScheduledRefresh task;
    @Inject
    FeatureFlags flags;

    private final Instant now = Instant.now();

    @BeforeEach
    void clean() {
        db.reset();
        db.sql.update("insert into exchange_market_status (exchange, refreshed_at) values ('NYSE', ?)", CheckerDb.at(now));
    }

    private TaskRun run(Instant at) {
        return run(task, at);
    }

    private void staleStatements(int n) {
        for (int i = 0; i < n; i++) {
            db.statement("S%03d".formatted(i), now.minus(WEEK).minusSeconds(60));
        }
    }

    @Test
    void rowsOlderThanTheirTtlAreQueuedAtScheduledPriorityAndFreshOnesAreNot() {
        staleStatements(3);
        db.statement("FRESH", now.minusSeconds(60));

        TaskRun r = run(now);

        assertThat(r.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(db.jobs("financial-statements")).isEqualTo(3);
        assertThat(db.job("financial-statements", "FRESH", "job_id")).isNull();
        assertThat(db.job("financial-statements", "S000", "priority")).isEqualTo(0);
        assertThat(db.job("financial-statements", "S000", "origin")).isEqualTo("scheduled");
        assertThat(db.jobs("exchange-market-status")).isZero();
    }

    @Test
    void aLargeTableIsScannedInKeysetBatchesAndAPassRestartsOnlyAfterTheScheduleInterval() {
        staleStatements(30);

        TaskRun first = run(now);
        assertThat(first.outcome().itemsExamined()).isEqualTo(20 + 1);
        assertThat(db.jobs("financial-statements")).isEqualTo(20);
        assertThat(db.sql.value("select last_symbol from scheduled_scan_cursor where data_type = 'financial-statements'")).isEqualTo("S019");

        TaskRun second = run(now.plusSeconds(60));
        assertThat(db.jobs("financial-statements")).isEqualTo(30);
        assertThat(second.outcome().jobsEnqueued()).isEqualTo(10);
        assertThat(db.sql.value("select last_symbol from scheduled_scan_cursor where data_type = 'financial-statements'")).isNull();

        db.sql.update("truncate refresh_jobs");
        run(now.plusSeconds(120));
        assertThat(db.jobs("financial-statements")).as("the next pass waits for the schedule interval").isZero();

        run(now.plus(Duration.ofDays(1)).plusSeconds(1));
        assertThat(db.jobs("financial-statements")).isEqualTo(20);
    }

    @Test
    void aDueGlobalDataTypeIsQueuedOnce() {
        db.sql.update("truncate exchange_market_status");

        run(now);
        run(now.plusSeconds(60));

        assertThat(db.jobs("exchange-market-status")).isEqualTo(1);
        assertThat(db.job("exchange-market-status", "*", "priority")).isEqualTo(30);
    }

    @Test
    void scheduledWorkTakesOnlyItsShareOfTheRemainingQuotaAndLeavesTheViewerReserve() {
        // 20 calls a minute, no margin, half reserved for viewers, share 0.5: min(20 * 0.5, 20 - 10) = 10 jobs
        db.sql.update("update provider_quotas set calls_per_minute = 20, safety_margin_pct = 0, on_demand_reserve_pct = 50 where provider = 'fmp'");
        db.sql.update("truncate exchange_market_status");
        staleStatements(30);

        TaskRun first = run(now);

        assertThat(db.sql.count("select count(*) from refresh_jobs where provider = 'fmp'")).isEqualTo(10);
        assertThat(db.jobs("exchange-market-status")).as("higher registry priority is served first").isEqualTo(1);
        assertThat(db.jobs("financial-statements")).isEqualTo(9);
        assertThat(first.outcome().details().getInteger("throttled")).isPositive();
        assertThat(db.sql.value("select last_symbol from scheduled_scan_cursor where data_type = 'financial-statements'"))
                .as("the cursor stops before the first symbol left out").isEqualTo("S008");

        // the ten queued jobs now count against the minute: nothing is left above the viewer reserve
        TaskRun second = run(now.plusSeconds(1));
        assertThat(second.outcome().jobsEnqueued()).isZero();
        assertThat(db.sql.count("select count(*) from refresh_jobs where provider = 'fmp'")).isEqualTo(10);
    }

    @Test
    void settledUsageAndReservationsReduceWhatScheduledWorkMayTake() {
        db.sql.update("update provider_quotas set calls_per_minute = 20, safety_margin_pct = 0, on_demand_reserve_pct = 0 where provider = 'fmp'");
        usage("fmp", now.truncatedTo(ChronoUnit.MINUTES)).calls(10).insert(db.sql);
        job("quote", "BUSY").priority(1000).origin("viewer").processing("p1", now, now.plusSeconds(60)).reserved(4, 0)
                .insert(db.sql);
        staleStatements(30);

        run(now);

        // remaining 20 - 10 used - 4 reserved = 6, half of it for scheduled work
        assertThat(db.jobs("financial-statements")).isEqualTo(3);
    }

    @Test
    void scheduledRefreshesFlagOffSkipsTheRun() {
        staleStatements(3);
        db.sql.update("update feature_flags set enabled = false where flag_name = 'use_scheduled_refreshes'");
        try {
            flags.reload().await().indefinitely();

            TaskRun r = run(now);

            assertThat(r.status()).isEqualTo(TaskStatus.SKIPPED_FLAG);
            assertThat(db.jobs("financial-statements")).isZero();
        } finally {
            db.sql.update("update feature_flags set enabled = true where flag_name = 'use_scheduled_refreshes'");
            flags.reload().await().indefinitely();
        }
    }
}
