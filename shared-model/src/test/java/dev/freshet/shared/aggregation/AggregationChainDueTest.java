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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A task is due at once when there is work for it (its source moved past a whole window after its
 * cursor, or late source bars were noted behind it), however far its scheduled run is; and not
 * again until there is more (or its schedule comes).
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class AggregationChainDueTest extends AggregationTestBase {

    private static final Instant NOW = Instant.parse("2025-07-02T00:00:00Z");
    private static final Instant NEXT_WEEK = NOW.plus(Duration.ofDays(7));

    @BeforeEach
    void clean() {
        clearAggregation();
        sql.update("update data_type_registry set rollout_state = 'live' where data_type in ('bars-5m', 'bars-15m', 'bars-1h')");
        sql.update("""
                insert into data_bars (symbol, timeframe, ts_utc, open, high, low, close, volume, refreshed_at)
                select 'AAA', '1m', ?::timestamptz + make_interval(mins => i), 100 + i, 101 + i, 99 + i, 100.5 + i, 10, now()
                from generate_series(0, 124) as i""", at(DAY));
        for (String tf : List.of("5m", "15m", "1h")) {
            // scheduled far ahead: only the events below make them due
            sql.update("insert into data_agg_state (symbol, timeframe, agg_start_utc, next_run_at_utc) values ('AAA', ?, ?, ?)",
                    tf, at(DAY), at(NEXT_WEEK));
        }
    }

    @AfterEach
    void disableBars() {
        sql.update("update data_type_registry set rollout_state = 'off' where handler = 'aggregate-bars'");
        sql.update("truncate refresh_jobs, data_agg_state, data_agg_invalidation");
    }

    @Test
    void eachTimeframeIsDueAsSoonAsTheOneBelowAdvancedAndNotAgainAfterItsRun() {
        assertThat(due()).as("the 1-minute bars reach past 5-minute windows").containsExactly("5m");
        run("5m");
        assertThat(due()).containsExactly("15m");
        run("15m");
        assertThat(due()).containsExactly("1h");
        run("1h");
        assertThat(due()).as("everything caught up: the schedule is next").isEmpty();
        assertThat(sql.count("select count(*) from derived_data_bars where symbol = 'AAA' and timeframe = '1h'")).isEqualTo(2);
    }

    @Test
    void aLateOneMinuteBarMakesTheChainAboveDueAgainLinkByLink() {
        for (String tf : List.of("5m", "15m", "1h")) {
            due();
            run(tf);
        }
        assertThat(due()).isEmpty();

        sql.update("update data_bars set low = 1 where symbol = 'AAA' and ts_utc = ?", at(DAY.plusSeconds(16 * 60)));

        assertThat(due()).as("noted behind every cursor of the symbol").containsExactlyInAnyOrder("5m", "15m", "1h");
        for (String tf : List.of("5m", "15m", "1h")) {
            run(tf);
        }
        assertThat(due()).isEmpty();
        assertThat((BigDecimal) sql.value("select low from derived_data_bars where symbol = 'AAA' and timeframe = '1h' and ts_utc = ?", at(DAY)))
                .isEqualByComparingTo("1");
    }

    @Test
    void enqueueChainQueuesTheTimeframesBuiltOnTheOneThatRanOnce() {
        run("5m");

        assertThat(chain("5m")).containsExactly("bars-15m");
        assertThat(chain("5m")).as("its job is still queued").isEmpty();
        assertThat(sql.rows("select symbol, origin, provider from refresh_jobs where data_type = 'bars-15m'"))
                .containsExactly(java.util.Map.of("symbol", "AAA", "origin", "aggregation", "provider", "local"));
        sql.update("update data_agg_state set status = 'hard_failed' where timeframe = '1h'");
        assertThat(chain("15m")).as("a hard-failed task waits for its reset").isEmpty();
    }

    private List<String> chain(String timeframe) {
        List<String> out = new ArrayList<>();
        for (Row r : pool.preparedQuery(AggregationSql.ENQUEUE_CHAIN).execute(Tuple.of(new String[]{"AAA"}, timeframe))
                .await().atMost(Duration.ofSeconds(20))) {
            out.add(r.getString("data_type"));
        }
        return out;
    }

    /** Claims the due tasks (as the checker does) and gives them back idle, still scheduled next week. */
    private List<String> due() {
        List<String> out = new ArrayList<>();
        for (Row r : pool.preparedQuery(AggregationSql.DUE_TASKS).execute(Tuple.of("x", at(NOW), 10, 600))
                .await().atMost(Duration.ofSeconds(20))) {
            out.add(r.getString("timeframe"));
        }
        sql.update("update data_agg_state set status = 'idle', running_since_utc = null, claimed_by = null");
        return out;
    }

    /** One run as the processor's handler makes it: catch-up and finish, next run next week. */
    private void run(String timeframe) {
        pool.withTransaction(conn -> conn.preparedQuery(AggregationSql.CATCH_UP).execute(Tuple.of("AAA", timeframe, 1000, at(NOW)))
                .map(rs -> CatchUp.from(rs.iterator().next()))
                .flatMap(c -> conn.preparedQuery(AggregationSql.FINISH).execute(Tuple.from(new Object[]{"AAA", timeframe, true,
                        c.cursorTo() == null ? null : at(c.cursorTo()), null, at(NOW), at(NEXT_WEEK), 3}))))
                .await().atMost(Duration.ofSeconds(20));
    }
}
