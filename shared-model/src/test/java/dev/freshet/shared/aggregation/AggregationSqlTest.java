package dev.freshet.shared.aggregation;

import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every aggregation statement against the real database. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class AggregationSqlTest extends AggregationTestBase {

    @BeforeEach
    void clean() {
        clearAggregation();
        // each test enables the timeframes it needs
        sql.update("update data_type_registry set rollout_state = 'off' where handler = 'aggregate-bars'");
    }

    @AfterEach
    void restoreShippedBars() {
        sql.update("update data_type_registry set rollout_state = 'live' where handler = 'aggregate-bars'");
    }

    @Test
    void bootstrapAlignsTheCursorToTheFirstBoundaryAtOrAfterStartAndFirstBar() {
        bars("AAA", DAY.plusSeconds(3 * 60), 200);
        task("AAA", "5m", DAY);
        task("AAA", "1h", DAY.plusSeconds(70 * 60));

        assertThat(bootstrap("AAA", "5m")).isEqualTo(DAY.plusSeconds(5 * 60));
        assertThat(bootstrap("AAA", "1h")).isEqualTo(DAY.plusSeconds(2 * 3600));
        assertThat(bootstrap("AAA", "1h")).as("a set cursor stays").isEqualTo(DAY.plusSeconds(2 * 3600));
        assertThat(bootstrap("NOBARS", "5m")).isNull();
    }

    @Test
    void catchUpAggregatesOnlyCompleteWindowsWithOpenHighLowCloseVolume() {
        bars("AAA", DAY, 13);                 // 00:00 .. 00:12: the 00:10 window is partial
        task("AAA", "5m", DAY);

        CatchUp c = catchUp("AAA", "5m", 100, LATER);

        assertThat(c.outcome()).isEqualTo("ok");
        assertThat(c.cursorFrom()).isEqualTo(DAY);
        assertThat(c.cursorTo()).isEqualTo(DAY.plusSeconds(10 * 60));
        assertThat(c.windowsWritten()).isEqualTo(2);
        Map<String, Object> first = derived("AAA", "5m", DAY);
        // bar i: open 100+i, high 101+i, low 99+i, close 100.5+i, volume 10
        assertThat(first).containsEntry("open", new BigDecimal("100")).containsEntry("high", new BigDecimal("105"))
                .containsEntry("low", new BigDecimal("99")).containsEntry("close", new BigDecimal("104.5"))
                .containsEntry("volume", new BigDecimal("50")).containsEntry("source_bar_count", 5);
        assertThat((BigDecimal) first.get("quality_score")).isEqualByComparingTo("1");
        assertThat(sql.count("select count(*) from derived_data_bars where ts_utc = ?", at(DAY.plusSeconds(600)))).isZero();
    }

    @Test
    void windowsEndingInTheFutureAreNotAggregatedEvenWithBars() {
        bars("AAA", DAY, 30);
        task("AAA", "5m", DAY);

        CatchUp c = catchUp("AAA", "5m", 100, DAY.plusSeconds(12 * 60));

        assertThat(c.cursorTo()).isEqualTo(DAY.plusSeconds(10 * 60));
        assertThat(c.windowsWritten()).isEqualTo(2);
    }

    @Test
    void hourAndDayWindowsAlignToUtcAcrossTheDayBoundary() {
        Instant start = DAY.minusSeconds(2 * 3600);        // 2025-06-30 22:00 .. 2025-07-01 00:59
        bars("AAA", start, 180);
        bars("AAA", DAY.plusSeconds(86400), 1);            // the next day's first bar completes 2025-07-01
        CatchUp hour = null;
        CatchUp day = null;
        for (String tf : List.of("5m", "15m", "1h", "1d")) {  // each built on the one before, as the registry says
            task("AAA", tf, start);
            CatchUp c = catchUp("AAA", tf, 1000, LATER);
            finish("AAA", tf, true, c.cursorTo(), null, 3);
            hour = "1h".equals(tf) ? c : hour;
            day = "1d".equals(tf) ? c : day;
        }

        assertThat(hour.windowsWritten()).isEqualTo(3);
        assertThat(derived("AAA", "1h", DAY.minusSeconds(3600))).containsEntry("source_bar_count", 60);
        assertThat(derived("AAA", "1h", DAY)).containsEntry("source_bar_count", 60);
        // the day cursor starts at the first UTC midnight at or after the first bar
        assertThat(day.cursorFrom()).isEqualTo(DAY);
        assertThat(day.cursorTo()).isEqualTo(DAY.plusSeconds(86400));
        Map<String, Object> d = derived("AAA", "1d", DAY);
        assertThat(d).containsEntry("source_bar_count", 60);
        assertThat((BigDecimal) d.get("quality_score")).isEqualByComparingTo("0.0417");
    }

    @Test
    void qualityScoreCountsTheSourceBarsPresent() {
        bars("AAA", DAY, 10);
        sql.update("delete from data_bars where symbol = 'AAA' and ts_utc in (?, ?)", at(DAY.plusSeconds(60)), at(DAY.plusSeconds(180)));
        task("AAA", "5m", DAY);

        catchUp("AAA", "5m", 100, LATER);

        Map<String, Object> w = derived("AAA", "5m", DAY);
        assertThat(w).containsEntry("source_bar_count", 3);
        assertThat((BigDecimal) w.get("quality_score")).isEqualByComparingTo("0.6");
    }

    @Test
    void runningTheSameCatchUpTwiceChangesNothing() {
        bars("AAA", DAY, 60);
        task("AAA", "5m", DAY);
        catchUp("AAA", "5m", 100, LATER);
        List<Map<String, Object>> before = sql.rows("select * from derived_data_bars order by ts_utc");

        CatchUp again = catchUp("AAA", "5m", 100, LATER.plusSeconds(60));

        assertThat(again.windowsWritten()).isZero();
        assertThat(sql.rows("select * from derived_data_bars order by ts_utc")).isEqualTo(before);
    }

    @Test
    void aRunAggregatesAtMostTheGivenNumberOfWindowsAndSaysMoreAreDue() {
        bars("AAA", DAY, 61);
        task("AAA", "5m", DAY);

        CatchUp c = catchUp("AAA", "5m", 4, LATER);

        assertThat(c.windowsWritten()).isEqualTo(4);
        assertThat(c.cursorTo()).isEqualTo(DAY.plusSeconds(20 * 60));
        assertThat(c.moreDue()).isTrue();
    }

    @Test
    void finishAdvancesTheCursorAndResetsTheStreak() {
        bars("AAA", DAY, 61);
        task("AAA", "5m", DAY);
        sql.update("update data_agg_state set hard_fail_streak = 2, last_error = 'x'");
        CatchUp c = catchUp("AAA", "5m", 100, LATER);

        String status = finish("AAA", "5m", true, c.cursorTo(), null, 3);

        assertThat(status).isEqualTo("idle");
        Map<String, Object> s = state("AAA", "5m");
        assertThat(((java.sql.Timestamp) s.get("last_agg_bar_ts_utc")).toInstant()).isEqualTo(DAY.plusSeconds(3600));
        assertThat(s).containsEntry("hard_fail_streak", 0).containsEntry("last_error", null);
        assertThat(s.get("last_successful_at_utc")).isNotNull();
    }

    @Test
    void lateBarsBehindTheCursorReaggregateTheirWindowOnlyForTheirSymbol() {
        bars("AAA", DAY, 30);
        bars("BBB", DAY, 30);
        for (String s : List.of("AAA", "BBB")) {
            task(s, "5m", DAY);
            CatchUp c = catchUp(s, "5m", 100, LATER);
            finish(s, "5m", true, c.cursorTo(), null, 3);
        }
        sql.update("update data_bars set high = 500 where symbol = 'AAA' and ts_utc = ?", at(DAY.plusSeconds(7 * 60)));
        sql.update("update data_bars set refreshed_at = now() where symbol = 'BBB'"); // a refetch of the same bars

        assertThat(sql.rows("select symbol, timeframe from data_agg_invalidation"))
                .containsExactly(Map.of("symbol", "AAA", "timeframe", "5m"));
        CatchUp a = catchUp("AAA", "5m", 100, LATER);
        CatchUp b = catchUp("BBB", "5m", 100, LATER);

        assertThat(a.windowsReaggregated()).isEqualTo(1);
        assertThat(a.windowsWritten()).isEqualTo(1);
        assertThat(derived("AAA", "5m", DAY.plusSeconds(5 * 60))).containsEntry("high", new BigDecimal("500"));
        assertThat(b.windowsWritten()).isZero();
        assertThat(sql.count("select count(*) from data_agg_invalidation")).isZero();
    }

    @Test
    void windowsWhoseBarsWereAllDeletedAreSoftDeleted() {
        bars("AAA", DAY, 30);
        task("AAA", "5m", DAY);
        CatchUp c = catchUp("AAA", "5m", 100, LATER);
        finish("AAA", "5m", true, c.cursorTo(), null, 3);

        sql.update("delete from data_bars where symbol = 'AAA' and ts_utc >= ? and ts_utc < ?", at(DAY), at(DAY.plusSeconds(300)));
        CatchUp again = catchUp("AAA", "5m", 100, LATER);

        assertThat(again.windowsDeleted()).isEqualTo(1);
        assertThat(derived("AAA", "5m", DAY).get("deleted_at")).isNotNull();
        assertThat(derived("AAA", "5m", DAY.plusSeconds(300)).get("deleted_at")).isNull();
    }

    @Test
    void higherTimeframesBuiltOnLowerOnesEqualAggregatingOneMinuteBars() {
        bars("AAA", DAY, 125);
        task("AAA", "5m", DAY);
        task("AAA", "15m", DAY);
        task("AAA", "1h", DAY);
        for (String tf : List.of("5m", "15m", "1h")) {      // registry: 15m from 5m, 1h from 15m
            CatchUp c = catchUp("AAA", tf, 1000, LATER);
            finish("AAA", tf, true, c.cursorTo(), null, 3);
        }

        List<Map<String, Object>> direct = sql.rows("""
                select date_bin('1 hour', ts_utc, timestamptz '1970-01-01 00:00:00+00') as ts_utc,
                       (array_agg(open order by ts_utc))[1] as open, max(high) as high, min(low) as low,
                       (array_agg(close order by ts_utc desc))[1] as close, sum(volume) as volume, count(*)::int as source_bar_count
                from data_bars where symbol = 'AAA' and ts_utc < ? group by 1 order by 1""", at(DAY.plusSeconds(7200)));
        List<Map<String, Object>> built = sql.rows("""
                select ts_utc, open, high, low, close, volume, source_bar_count from derived_data_bars
                where symbol = 'AAA' and timeframe = '1h' order by ts_utc""");
        assertThat(built).isEqualTo(direct).hasSize(2);
    }

    @Test
    void aLateBarReachesTimeframesBuiltOnTheReaggregatedOne() {
        bars("AAA", DAY, 61);
        task("AAA", "5m", DAY);
        task("AAA", "15m", DAY);
        for (String tf : List.of("5m", "15m")) {
            CatchUp c = catchUp("AAA", tf, 1000, LATER);
            finish("AAA", tf, true, c.cursorTo(), null, 3);
        }
        sql.update("update data_bars set low = 1 where symbol = 'AAA' and ts_utc = ?", at(DAY.plusSeconds(16 * 60)));

        catchUp("AAA", "5m", 1000, LATER);
        catchUp("AAA", "15m", 1000, LATER);

        assertThat(derived("AAA", "15m", DAY.plusSeconds(15 * 60))).containsEntry("low", new BigDecimal("1"));
    }

    @Test
    void threeFailuresInARowMakeATaskHardFailedUntilReset() {
        bars("AAA", DAY, 10);
        task("AAA", "5m", DAY);

        assertThat(finish("AAA", "5m", false, null, "boom 1", 3)).isEqualTo("idle");
        assertThat(finish("AAA", "5m", false, null, "boom 2", 3)).isEqualTo("idle");
        assertThat(finish("AAA", "5m", false, null, "boom 3", 3)).isEqualTo("hard_failed");
        assertThat(state("AAA", "5m")).containsEntry("hard_fail_streak", 3).containsEntry("last_error", "boom 3");
        assertThat(catchUp("AAA", "5m", 10, LATER).outcome()).isEqualTo("hard_failed");

        Row reset = one(AggregationSql.RESET_HARD_FAILED, Tuple.of("AAA", "5m", at(LATER)));

        assertThat(reset.getInteger("hard_fail_streak")).isEqualTo(3);
        assertThat(state("AAA", "5m")).containsEntry("status", "idle").containsEntry("hard_fail_streak", 0)
                .containsEntry("last_error", null);
        assertThat(pool.preparedQuery(AggregationSql.RESET_HARD_FAILED).execute(Tuple.of("AAA", "5m", at(LATER)))
                .await().atMost(Duration.ofSeconds(10)).rowCount()).as("an idle task is not reset").isZero();
        assertThat(catchUp("AAA", "5m", 10, LATER).outcome()).isEqualTo("ok");
    }

    @Test
    void taskStatusIsTheStatusOfTheNamedTaskOnly() {
        task("AAA", "5m", DAY);
        task("AAA", "15m", DAY);
        sql.update("update data_agg_state set status = 'hard_failed' where timeframe = '15m'");

        assertThat(one(AggregationSql.TASK_STATUS, Tuple.of("AAA", "5m")).getString("status")).isEqualTo("idle");
        assertThat(one(AggregationSql.TASK_STATUS, Tuple.of("AAA", "15m")).getString("status")).isEqualTo("hard_failed");
        assertThat(pool.preparedQuery(AggregationSql.TASK_STATUS).execute(Tuple.of("BBB", "5m"))
                .await().atMost(Duration.ofSeconds(10)).rowCount()).isZero();
    }

    @Test
    void twoConcurrentClaimersTakeDisjointDueTasksByPriority() throws Exception {
        enable("bars-5m");
        for (int i = 0; i < 5; i++) {
            task("S" + i, "5m", DAY);
            sql.update("update data_agg_state set task_priority = ? where symbol = ?", 100 + i, "S" + i);
        }
        task("OFF", "5m", DAY);
        sql.update("update data_agg_state set enabled = false where symbol = 'OFF'");
        task("LATE", "5m", DAY);
        sql.update("update data_agg_state set next_run_at_utc = ? where symbol = 'LATE'", at(LATER.plusSeconds(3600)));
        task("HOUR", "1h", DAY);                             // bars-1h is not enabled

        try (Connection a = sql.connect(); Connection b = sql.connect()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            List<String> first = claim(a, "a", 3);
            List<String> second = claim(b, "b", 3);       // runs while a still holds its rows
            a.commit();
            b.commit();

            assertThat(first).containsExactlyInAnyOrder("S4", "S3", "S2");
            assertThat(second).containsExactlyInAnyOrder("S1", "S0");
        }
        assertThat(sql.count("select count(*) from data_agg_state where status = 'running'")).isEqualTo(5);
        assertThat(sql.value("select claimed_by from data_agg_state where symbol = 'S0'")).isEqualTo("b");
    }

    @Test
    void aRunningTaskThatWentSilentIsClaimedAgain() {
        enable("bars-5m");
        task("AAA", "5m", DAY);
        sql.update("update data_agg_state set status = 'running', running_since_utc = ?", at(LATER.minusSeconds(60)));

        assertThat(pool.preparedQuery(AggregationSql.DUE_TASKS).execute(Tuple.of("x", at(LATER), 10, 600))
                .await().atMost(Duration.ofSeconds(10)).rowCount()).isZero();
        assertThat(pool.preparedQuery(AggregationSql.DUE_TASKS).execute(Tuple.of("x", at(LATER), 10, 30))
                .await().atMost(Duration.ofSeconds(10)).rowCount()).isEqualTo(1);
    }

    @Test
    void enqueueDueClaimsAndQueuesOneAggregationJobPerTask() {
        enable("bars-5m");
        task("AAA", "5m", DAY);
        task("BBB", "5m", DAY);

        Row r = one(AggregationSql.ENQUEUE_DUE, Tuple.of("x", at(LATER), 10, 600));

        assertThat(r.getLong("claimed")).isEqualTo(2);
        assertThat(r.getLong("queued")).isEqualTo(2);
        assertThat(sql.rows("select data_type, symbol, origin, provider from refresh_jobs order by symbol")).containsExactly(
                Map.of("data_type", "bars-5m", "symbol", "AAA", "origin", "aggregation", "provider", "local"),
                Map.of("data_type", "bars-5m", "symbol", "BBB", "origin", "aggregation", "provider", "local"));
    }

    @Test
    void registrySyncCreatesOneTaskPerSymbolWithBarsAndDerivedTimeframe() {
        bars("AAA", DAY, 3);
        bars("BBB", DAY, 3);
        bars("CCC", DAY, 3);

        Row first = one(AggregationSql.SYNC_FROM_REGISTRY, Tuple.of(at(DAY)));
        Row second = one(AggregationSql.SYNC_FROM_REGISTRY, Tuple.of(at(DAY)));

        assertThat(first.getBoolean("success")).isTrue();
        assertThat(first.getInteger("symbols")).isEqualTo(3);
        assertThat(first.getInteger("timeframes")).isEqualTo(4);
        assertThat(first.getInteger("tasks_created")).isEqualTo(12);
        assertThat(first.getInteger("tasks_total")).isEqualTo(12);
        assertThat(second.getInteger("tasks_created")).isZero();
        assertThat(sql.count("select count(*) from data_agg_state where agg_start_utc = ? and enabled and task_priority = 100 and status = 'idle'",
                at(DAY))).isEqualTo(12);
    }

    @Test
    void createTasksMakesTheGivenSymbolsTasksOnlyAndTheChainFromOneMinuteQueuesTheirFiveMinuteRun() {
        bars("AAA", DAY, 3);
        bars("CCC", DAY, 3);
        enable("bars-5m");
        String[] symbols = {"AAA", "BBB"};

        Row first = one(AggregationSql.CREATE_TASKS, Tuple.of(symbols, at(DAY)));
        Row second = one(AggregationSql.CREATE_TASKS, Tuple.of(symbols, at(DAY)));

        assertThat(first.getInteger("tasks_created")).isEqualTo(8);
        assertThat(second.getInteger("tasks_created")).isZero();
        assertThat(sql.count("select count(*) from data_agg_state where symbol = 'CCC'")).isZero();
        List<Row> queued = new ArrayList<>();
        pool.preparedQuery(AggregationSql.ENQUEUE_CHAIN).execute(Tuple.of(symbols, "1m"))
                .await().atMost(Duration.ofSeconds(20)).forEach(queued::add);
        assertThat(queued).hasSize(2);
        assertThat(sql.rows("select data_type, symbol from refresh_jobs order by symbol")).containsExactly(
                Map.of("data_type", "bars-5m", "symbol", "AAA"), Map.of("data_type", "bars-5m", "symbol", "BBB"));
    }

    @Test
    void stateWithLagReportsMinutesFromCursorToLatestBar() {
        bars("AAA", DAY, 30);                                // latest bar 00:29
        task("AAA", "5m", DAY);
        CatchUp c = catchUp("AAA", "5m", 2, LATER);
        finish("AAA", "5m", true, c.cursorTo(), null, 3);   // cursor 00:10

        Row r = one(AggregationSql.STATE_WITH_LAG, Tuple.of(null, null, 10));

        assertThat(r.getString("symbol")).isEqualTo("AAA");
        assertThat(r.getBigDecimal("lag_minutes")).isEqualByComparingTo("19");
    }

    @Test
    void theSeedsVerificationQueriesReturnWhatTheSeedExpects() {
        assertThat(sql.count("""
                select count(*) from information_schema.columns
                where table_name = 'data_agg_state' and column_name in ('agg_start_utc', 'enabled', 'task_priority')
                  and is_nullable = 'NO'""")).isEqualTo(3);
        assertThat(sql.count("""
                select count(*) from pg_proc
                where proname in ('agg_bootstrap_cursor', 'catchup_aggregation_range', 'agg_finish', 'agg_get_due_tasks',
                                  'sync_agg_state_from_registry', 'agg_create_tasks') and prosecdef""")).isEqualTo(6);
        assertThat(sql.count("select count(*) from pg_indexes where tablename = 'data_agg_state' and indexname = 'idx_agg_state_due_priority'"))
                .isEqualTo(1);

        bars("EURUSD", DAY, 120);
        one(AggregationSql.SYNC_FROM_REGISTRY, Tuple.of(at(DAY)));
        assertThat(sql.count("select count(*) from data_agg_state where agg_start_utc is null")).isZero();
        assertThat(sql.count("select count(*) from data_agg_state where enabled = false")).isZero();
        assertThat(sql.count("select count(distinct task_priority) from data_agg_state")).isEqualTo(1);
        assertThat(sql.count("select count(*) from data_agg_state where status = 'hard_failed'")).isZero();
        assertThat(bootstrap("EURUSD", "5m")).isEqualTo(DAY);

        for (String tf : List.of("5m", "15m", "1h")) {
            CatchUp c = catchUp("EURUSD", tf, 1000, LATER);
            finish("EURUSD", tf, true, c.cursorTo(), null, 3);
        }
        sql.update("update data_agg_state set is_mandatory = true where timeframe <> '1d'");
        // the hourly lag check, as the seed writes it
        List<Map<String, Object>> lag = sql.rows("""
                select s.symbol, s.timeframe, max(db.ts_utc) as latest_1m, s.last_agg_bar_ts_utc as cursor,
                       round(((extract(epoch from (max(db.ts_utc) - s.last_agg_bar_ts_utc)) / 60))::numeric, 2) as lag_minutes
                from data_agg_state s
                left join data_bars db on db.symbol = s.symbol and db.timeframe = '1m'
                where s.is_mandatory = true
                group by s.symbol, s.timeframe, s.last_agg_bar_ts_utc
                order by lag_minutes desc""");
        assertThat(lag).hasSize(3).allSatisfy(r -> assertThat((BigDecimal) r.get("lag_minutes")).isLessThan(new BigDecimal("60")));
        // the daily quality check
        List<Map<String, Object>> quality = sql.rows("""
                select ddb.symbol, ddb.timeframe, count(*) as total_bars,
                       round(100.0 * count(*) filter (where quality_score >= 1) / count(*), 1) as quality_pct
                from derived_data_bars ddb where ddb.deleted_at is null
                group by ddb.symbol, ddb.timeframe order by quality_pct asc""");
        assertThat(quality).hasSize(3).allSatisfy(r -> assertThat((BigDecimal) r.get("quality_pct")).isGreaterThanOrEqualTo(new BigDecimal("90")));
        assertThat(sql.count("select count(*) from data_agg_state where hard_fail_streak > 0")).isZero();
    }

    // ---- builders and helpers

    /** {@code count} consecutive 1-minute bars from {@code from}: bar i opens at 100+i, high +1, low -1, close +0.5, volume 10. */
    private void bars(String symbol, Instant from, int count) {
        sql.update("""
                insert into data_bars (symbol, timeframe, ts_utc, open, high, low, close, volume, refreshed_at)
                select ?, '1m', ?::timestamptz + make_interval(mins => i), 100 + i, 101 + i, 99 + i, 100.5 + i, 10, now()
                from generate_series(0, ? - 1) as i""", symbol, at(from), count);
    }

    private void task(String symbol, String timeframe, Instant start) {
        sql.update("insert into data_agg_state (symbol, timeframe, agg_start_utc, next_run_at_utc) values (?, ?, ?, ?)",
                symbol, timeframe, at(start), at(start));
    }

    private void enable(String dataType) {
        sql.update("update data_type_registry set rollout_state = 'live' where data_type = ?", dataType);
    }

    private Instant bootstrap(String symbol, String timeframe) {
        OffsetDateTime t = one(AggregationSql.BOOTSTRAP, Tuple.of(symbol, timeframe)).getOffsetDateTime("cursor");
        return t == null ? null : t.toInstant();
    }

    private CatchUp catchUp(String symbol, String timeframe, int maxWindows, Instant now) {
        return CatchUp.from(one(AggregationSql.CATCH_UP, Tuple.of(symbol, timeframe, maxWindows, at(now))));
    }

    private String finish(String symbol, String timeframe, boolean success, Instant cursor, String error, int threshold) {
        return one(AggregationSql.FINISH, Tuple.from(new Object[]{symbol, timeframe, success, cursor == null ? null : at(cursor),
                error, at(LATER), at(LATER.plusSeconds(60)), threshold})).getString("status");
    }

    private Row one(String statement, Tuple params) {
        return pool.preparedQuery(statement).execute(params).await().atMost(Duration.ofSeconds(20)).iterator().next();
    }

    private Map<String, Object> derived(String symbol, String timeframe, Instant ts) {
        return sql.rows("select * from derived_data_bars where symbol = ? and timeframe = ? and ts_utc = ?", symbol, timeframe, at(ts)).get(0);
    }

    private Map<String, Object> state(String symbol, String timeframe) {
        return sql.rows("select * from data_agg_state where symbol = ? and timeframe = ?", symbol, timeframe).get(0);
    }

    private static List<String> claim(Connection c, String instance, int limit) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("select symbol from agg_get_due_tasks(?, ?, ?, 600)")) {
            ps.setString(1, instance);
            ps.setObject(2, at(LATER));
            ps.setInt(3, limit);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }
}
