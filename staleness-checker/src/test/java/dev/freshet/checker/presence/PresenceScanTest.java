package dev.freshet.checker.presence;

import dev.freshet.checker.CheckerDb;
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

import java.time.Duration;
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
    void viewedPairsOfSymbolsTheProviderDoesNotKnowAreNotQueued() {
        db.sql.update("insert into symbol_universe (provider, symbol, refreshed_at) values ('fmp', 'AAPL', now()), ('fmp', 'GONE', now())");
        db.sql.update("update data_type_registry set rollout_state = 'live' where data_type = 'fmp-stock-list'");
        db.sql.update("""
                insert into symbol_not_found (data_type, symbol, provider, not_found_until)
                values ('quote', 'GONE', 'fmp', now() + interval '1 hour')""");
        db.viewer("c1", "AAPL", "quote", now.minusSeconds(5));
        db.viewer("c1", "ZZZZ", "quote", now.minusSeconds(5));
        db.viewer("c1", "GONE", "quote", now.minusSeconds(5));

        TaskRun withUniverse = run();

        assertThat(withUniverse.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(withUniverse.outcome().details().getInteger("unknownSymbols")).isEqualTo(1);
        assertThat(db.job("quote", "AAPL", "job_id")).isNotNull();
        assertThat(db.job("quote", "ZZZZ", "job_id")).as("outside the universe").isNull();
        // with the universe loaded it decides: GONE is listed, so its old not-found entry does not hold it
        assertThat(db.job("quote", "GONE", "job_id")).isNotNull();

        // without a universe, the negative cache holds GONE until its time ends
        db.sql.update("truncate refresh_jobs");
        db.sql.update("update data_type_registry set rollout_state = 'off' where data_type = 'fmp-stock-list'");
        run();
        assertThat(db.job("quote", "ZZZZ", "job_id")).isNotNull();
        assertThat(db.job("quote", "GONE", "job_id")).as("remembered as not found").isNull();

        db.sql.update("update symbol_not_found set not_found_until = now() - interval '1 second'");
        run();
        assertThat(db.job("quote", "GONE", "job_id")).isNotNull();
    }

    @Test
    void aViewedPairIsQueuedAheadOfItsDeadlineAndAnUnviewedOneIsNot() {
        // quote: TTL 60 s, default lead 0.2, so due at 48 s of age
        db.quote("AHEAD", now.minusSeconds(50));
        db.quote("YOUNG", now.minusSeconds(40));
        db.quote("UNSEEN", now.minusSeconds(50));
        db.viewer("c1", "AHEAD", "quote", now.minusSeconds(5));
        db.viewer("c1", "YOUNG", "quote", now.minusSeconds(5));

        run();

        assertThat(db.jobs("quote")).isEqualTo(1);
        assertThat(db.sql.count("select count(*) from refresh_jobs where symbol = 'AHEAD' and deadline_at = ?::timestamptz",
                now.minusSeconds(50).plusSeconds(60).toString())).as("deadline = newest row + TTL").isEqualTo(1);
    }

    @Test
    void withBudgetToSpareAViewedPairNeverReadsStale() {
        // a clock walked in 1 s steps over five TTLs; the scan runs every 5 s (its default); a queued job is
        // refreshed 1 s later (claim, fetch, write), as a processor with budget to spare would
        Instant t0 = now;
        db.quote("WATCHED", t0.minusSeconds(30));
        db.viewer("c1", "WATCHED", "quote", t0);
        Instant refreshAt = null;
        Instant lastRefresh = t0.minusSeconds(30);
        int refreshes = 0;
        for (int s = 0; s <= 300; s++) {
            Instant t = t0.plusSeconds(s);
            db.sql.update("update active_subscriptions set last_seen_at = ? where client_id = 'c1'", CheckerDb.at(t));
            if (refreshAt != null && !t.isBefore(refreshAt)) {
                db.sql.update("delete from refresh_jobs where data_type = 'quote' and symbol = 'WATCHED'");
                db.sql.update("update quotes set refreshed_at = ? where symbol = 'WATCHED'", CheckerDb.at(refreshAt));
                lastRefresh = refreshAt;
                refreshAt = null;
                refreshes++;
            }
            assertThat(Duration.between(lastRefresh, t)).as("age at %d s", s).isLessThan(Duration.ofSeconds(60));
            if (s % 5 == 0) {
                run(scan, t);
                if (refreshAt == null && db.jobs("quote") == 1) {
                    refreshAt = t.plusSeconds(1);
                }
            }
        }
        assertThat(refreshes).as("refreshed about once per TTL × (1 − lead), not continuously").isBetween(5, 7);
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
