package dev.freshet.checker.metrics;

import dev.freshet.checker.CheckerTestBase;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.freshet.testsupport.rows.UsageRow.usage;
import static dev.freshet.checker.CheckerDb.at;
import static dev.freshet.testsupport.rows.JobRow.job;
import static dev.freshet.testsupport.rows.QuotaRow.quota;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The gauge statements on the real database. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class GaugeSqlTest extends CheckerTestBase {

    private static final Instant NOW = Instant.parse("2025-05-01T12:00:30Z");

    @BeforeEach
    @AfterEach
    void removeTestProvider() {
        db.sql.update("delete from provider_quotas where provider = 'sqlg'");
    }

    @Test
    void queueDepthCountsJobsPerStatusAndDataType() {
        job("quote", "A").insert(db.sql);
        job("quote", "B").insert(db.sql);
        job("quote", "C").processing("p1", NOW, NOW.plusSeconds(60)).insert(db.sql);
        job("profile", "A").insert(db.sql);

        assertThat(execute(GaugeSql.QUEUE_DEPTH)).extracting(r -> r.getString("status"), r -> r.getString("data_type"), r -> r.getLong("jobs"))
                .containsExactlyInAnyOrder(tuple("pending", "quote", 2L), tuple("processing", "quote", 1L), tuple("pending", "profile", 1L));
    }

    @Test
    void activeSubscriptionsCountsOnlyThoseSeenAfterTheCutoff() {
        db.viewer("c1", "A", "quote", NOW);
        db.viewer("c2", "A", "quote", NOW.minusSeconds(30));
        db.viewer("c3", "A", "quote", NOW.minusSeconds(120));

        assertThat(execute(GaugeSql.ACTIVE_SUBSCRIPTIONS, at(NOW.minusSeconds(60))).get(0).getLong("active")).isEqualTo(2);
    }

    @Test
    void quotaGivesLimitsAfterTheMarginUsageInItsWindowsAndReservations() {
        quota("sqlg").callsPerMinute(200).bytesPerWindow(10_000, 3600).safetyMarginPct(10).insert(db.sql);
        usage("sqlg", Instant.parse("2025-05-01T12:00:00Z")).calls(4).bytes(100).insert(db.sql);
        usage("sqlg", Instant.parse("2025-05-01T11:30:00Z")).calls(6).bytes(200).insert(db.sql);
        usage("sqlg", Instant.parse("2025-05-01T10:00:00Z")).calls(8).bytes(400).insert(db.sql);
        job("quote", "A").provider("sqlg").processing("p1", NOW, NOW.plusSeconds(60)).reserved(2, 50).insert(db.sql);
        job("quote", "B").provider("sqlg").processing("p1", NOW, NOW.plusSeconds(60)).reserved(1, 25).insert(db.sql);
        job("quote", "C").processing("p1", NOW, NOW.plusSeconds(60)).reserved(7, 7).insert(db.sql);   // another provider

        Row q = execute(GaugeSql.QUOTA, at(NOW)).stream().filter(r -> r.getString("provider").equals("sqlg")).findFirst().orElseThrow();

        assertThat(q.getLong("calls_limit")).isEqualTo(180);
        assertThat(q.getLong("bytes_limit")).isEqualTo(9000);
        assertThat(q.getLong("calls_used")).as("this minute only").isEqualTo(4);
        assertThat(q.getLong("bytes_used")).as("the trailing hour").isEqualTo(300);
        assertThat(q.getLong("calls_reserved")).isEqualTo(3);
        assertThat(q.getLong("bytes_reserved")).isEqualTo(75);
    }

    @Test
    void aggregationLagIsTheWorstCursorBehindTheLatestMinuteBarPerTimeframeOfEnabledTasks() {
        Instant day = Instant.parse("2025-05-01T00:00:00Z");
        db.sql.update("""
                insert into data_bars (symbol, timeframe, ts_utc, open, high, low, close, volume, refreshed_at)
                values ('A', '1m', ?, 1, 1, 1, 1, 1, now()), ('B', '1m', ?, 1, 1, 1, 1, 1, now()),
                       ('C', '1m', ?, 1, 1, 1, 1, 1, now())""", at(day.plusSeconds(3600)), at(day.plusSeconds(600)), at(day.plusSeconds(99_999)));
        aggTask("A", "5m", day.plusSeconds(3000), true);                 // 600 s behind
        aggTask("B", "5m", day.plusSeconds(300), true);                  // 300 s behind
        aggTask("A", "15m", day, false);                                  // disabled: not reported
        // C's newer bar has no task: it lags nothing

        assertThat(execute(GaugeSql.AGGREGATION_LAG)).extracting(r -> r.getString("timeframe"), r -> r.getLong("lag_seconds"))
                .containsExactly(tuple("5m", 600L));
    }

    @Test
    void viewedDataAgeGivesPerTierTheViewedPairsThoseStaleAndTheirAgePercentiles() {
        db.viewer("c1", "AAPL", "quote", NOW);
        db.viewer("c2", "AAPL", "quote", NOW);                              // the same pair, counted once
        db.viewer("c1", "MSFT", "quote", NOW);
        db.viewer("c1", "NEW", "quote", NOW);                               // viewed, no data yet: stale
        db.viewer("c1", "IBM", "quote", NOW.minusSeconds(120));             // gone: not viewed
        db.viewer("c1", "AAPL", "financial-statements", NOW);
        freshness("quote", "AAPL", "critical", NOW.minusSeconds(100));
        freshness("quote", "MSFT", "critical", NOW.minusSeconds(1000));     // past the critical target of 900 s
        freshness("quote", "IBM", "critical", NOW.minusSeconds(5000));
        freshness("financial-statements", "AAPL", "low", NOW.minusSeconds(172_800)); // within its TTL of 7 days

        List<Row> tiers = execute(GaugeSql.VIEWED_DATA_AGE, at(NOW.minusSeconds(60)), at(NOW),
                new String[] {"critical", "standard", "low"}, new Integer[] {900, 3600, 86_400});

        assertThat(tiers).extracting(r -> r.getString("tier"), r -> r.getLong("pairs"), r -> r.getLong("stale"),
                        r -> r.getLong("age_p50"), r -> r.getLong("age_p95"), r -> r.getLong("age_max"))
                .containsExactlyInAnyOrder(
                        tuple("critical", 3L, 2L, 550L, 955L, 1000L),
                        tuple("low", 1L, 0L, 172_800L, 172_800L, 172_800L));
    }

    @Test
    void queueDueCountsPendingJobsWhoseTimeHasComeAndTheOldestWait() {
        job("quote", "A").runAfter(NOW.minusSeconds(300)).insert(db.sql);
        job("quote", "B").runAfter(NOW.minusSeconds(10)).insert(db.sql);
        job("quote", "C").runAfter(NOW.plusSeconds(60)).insert(db.sql);                                   // not yet due
        job("quote", "D").runAfter(NOW.minusSeconds(900)).processing("p1", NOW, NOW.plusSeconds(60)).insert(db.sql); // claimed

        Row r = execute(GaugeSql.QUEUE_DUE, at(NOW)).get(0);

        assertThat(r.getLong("due")).isEqualTo(2);
        assertThat(r.getLong("oldest_due_seconds")).isEqualTo(300);
    }

    @Test
    void aggregationTasksCountsHardFailedAndFailingTasksAndTheWorstStreakPerTimeframeOfEnabledTasks() {
        Instant day = Instant.parse("2025-05-01T00:00:00Z");
        aggTask("A", "5m", day, true);
        aggTask("B", "5m", day, true);
        aggTask("C", "5m", day, true);
        aggTask("A", "1h", day, true);
        aggTask("B", "1h", day, false);
        db.sql.update("update data_agg_state set status = 'hard_failed', hard_fail_streak = 3 where symbol = 'A' and timeframe = '5m'");
        db.sql.update("update data_agg_state set hard_fail_streak = 1 where symbol = 'B' and timeframe = '5m'");
        db.sql.update("update data_agg_state set status = 'hard_failed', hard_fail_streak = 9 where timeframe = '1h' and symbol = 'B'"); // disabled

        assertThat(execute(GaugeSql.AGGREGATION_TASKS)).extracting(r -> r.getString("timeframe"), r -> r.getLong("hard_failed"),
                        r -> r.getLong("failing"), r -> r.getLong("worst_streak"))
                .containsExactlyInAnyOrder(tuple("5m", 1L, 2L, 3L), tuple("1h", 0L, 0L, 0L));
    }

    private void freshness(String dataType, String symbol, String tier, Instant lastUpdated) {
        db.sql.update("""
                insert into data_freshness (data_type, symbol, tier, last_updated_at, state, checked_at)
                values (?, ?, ?, ?, 'fresh', ?)""", dataType, symbol, tier, at(lastUpdated), at(NOW));
    }

    private void aggTask(String symbol, String timeframe, Instant cursor, boolean enabled) {
        db.sql.update("""
                insert into data_agg_state (symbol, timeframe, agg_start_utc, next_run_at_utc, last_agg_bar_ts_utc, enabled)
                values (?, ?, ?, ?, ?, ?)""", symbol, timeframe, at(cursor), at(cursor), at(cursor), enabled);
    }
}
