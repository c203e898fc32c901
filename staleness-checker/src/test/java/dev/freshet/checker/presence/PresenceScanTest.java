package dev.freshet.checker.presence;

import dev.freshet.checker.CheckerTestBase;
import dev.freshet.checker.run.TaskRun;
import dev.freshet.checker.run.TaskStatus;
import dev.freshet.shared.flags.FeatureFlags;
import dev.freshet.shared.registry.Registry;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.freshet.testsupport.rows.DataTypeRow.dataType;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class PresenceScanTest extends CheckerTestBase {

    @Inject
    PresenceScan scan;
    @Inject
    Registry registry;
    @Inject
    FeatureFlags flags;

    private final Instant now = Instant.now();

    private TaskRun run() {
        return run(scan, now);
    }

    @Test
    void viewedStaleAndMissingQuotesAreQueuedOnceWithViewerPriority() {
        db.quote("AAPL", now.minusSeconds(120));
        db.quote("MSFT", now.minusSeconds(10));
        db.viewer("c1", "AAPL", "quote", now.minusSeconds(5));
        db.viewer("c2", "AAPL", "quote", now.minusSeconds(5));
        db.viewer("c1", "MSFT", "quote", now.minusSeconds(5));
        db.viewer("c1", "NVDA", "quote", now.minusSeconds(5));
        db.viewer("gone", "TSLA", "quote", now.minusSeconds(600));

        TaskRun first = run();

        assertThat(first.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(first.outcome().itemsExamined()).isEqualTo(3);
        assertThat(first.outcome().jobsEnqueued()).isEqualTo(2);
        assertThat(db.jobs("quote")).isEqualTo(2);
        assertThat(db.job("quote", "AAPL", "priority")).isEqualTo(1000 + 50 + 2);
        assertThat(db.job("quote", "AAPL", "viewer_count")).isEqualTo(2);
        assertThat(db.job("quote", "AAPL", "origin")).isEqualTo("viewer");
        assertThat(db.job("quote", "NVDA", "priority")).isEqualTo(1000 + 50 + 1);
        assertThat(db.job("quote", "TSLA", "job_id")).isNull();

        TaskRun second = run();

        assertThat(second.outcome().jobsEnqueued()).isZero();
        assertThat(db.jobs("quote")).isEqualTo(2);
    }

    @Test
    void moreViewersRaiseAQueuedJobInsteadOfQueueingAnother() {
        db.viewer("c1", "AAPL", "quote", now.minusSeconds(5));
        run();
        db.viewer("c2", "AAPL", "quote", now.minusSeconds(5));
        db.viewer("c3", "AAPL", "quote", now.minusSeconds(5));

        run();

        assertThat(db.jobs("quote")).isEqualTo(1);
        assertThat(db.job("quote", "AAPL", "viewer_count")).isEqualTo(3);
        assertThat(db.job("quote", "AAPL", "priority")).isEqualTo(1000 + 50 + 3);
    }

    @Test
    void aViewedGlobalDataTypeWithoutRowsIsQueuedOnce() {
        db.viewer("c1", "*", "available-exchanges", now.minusSeconds(5));
        db.viewer("c2", "*", "available-exchanges", now.minusSeconds(5));

        run();

        assertThat(db.jobs("available-exchanges")).isEqualTo(1);
        assertThat(db.job("available-exchanges", "*", "viewer_count")).isEqualTo(2);
    }

    @Test
    void aTargetTableThatCannotBeReadCountsAsStale() {
        dataType("ghost").table("no_such_table", "refreshed_at", "symbol").insert(db.sql);
        try {
            registry.reload().await().indefinitely();
            db.viewer("c1", "AAPL", "ghost", now.minusSeconds(5));
            db.viewer("c1", "AAPL", "quote", now.minusSeconds(5));

            TaskRun r = run();

            assertThat(r.status()).isEqualTo(TaskStatus.SUCCEEDED);
            assertThat(db.jobs("ghost")).isEqualTo(1);
            assertThat(db.jobs("quote")).isEqualTo(1);
            assertThat(r.outcome().details().getJsonArray("failSafe").getList()).containsExactly("ghost");
        } finally {
            db.sql.update("delete from refresh_jobs where data_type = 'ghost'");
            db.sql.update("delete from data_type_registry where data_type = 'ghost'");
            registry.reload().await().indefinitely();
        }
    }

    @Test
    void presenceTrackingFlagOffSkipsTheScan() {
        db.viewer("c1", "AAPL", "quote", now.minusSeconds(5));
        db.sql.update("update feature_flags set enabled = false where flag_name = 'use_presence_tracking'");
        try {
            flags.reload().await().indefinitely();

            TaskRun r = run();

            assertThat(r.status()).isEqualTo(TaskStatus.SKIPPED_FLAG);
            assertThat(db.jobs("quote")).isZero();
            assertThat(db.sql.count("select count(*) from scheduler_execution_log where task = 'presence-scan' and status = 'skipped_flag'"))
                    .isEqualTo(1);
        } finally {
            db.sql.update("update feature_flags set enabled = true where flag_name = 'use_presence_tracking'");
            flags.reload().await().indefinitely();
        }
    }

    @Test
    void aDataTypeTurnedOffByItsFlagOverrideIsNotScanned() {
        db.viewer("c1", "AAPL", "quote", now.minusSeconds(5));
        db.viewer("c1", "AAPL", "profile", now.minusSeconds(5));
        db.sql.update("update feature_flags set metadata = '{\"dataTypes\":{\"quote\":false}}' where flag_name = 'use_presence_tracking'");
        try {
            flags.reload().await().indefinitely();

            run();

            assertThat(db.jobs("quote")).isZero();
            assertThat(db.jobs("profile")).isEqualTo(1);
        } finally {
            db.sql.update("update feature_flags set metadata = '{}' where flag_name = 'use_presence_tracking'");
            flags.reload().await().indefinitely();
        }
    }
}
