package dev.freshet.processor.aggregate;

import dev.freshet.processor.ProcessorTestBase;
import dev.freshet.processor.Fixtures;
import dev.freshet.testsupport.UpstreamStub;
import dev.freshet.testsupport.PolygonStub;
import dev.freshet.shared.aggregation.AggregationSql;
import dev.freshet.shared.queue.JobOrigin;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A newly viewed symbol's whole chain (1-minute backfill, then 5m, 15m, 1h, 1d) completes in the time
 * the work takes, by the processor alone: writing 1-minute bars creates the symbol's tasks and queues
 * its 5m run, and each aggregation run queues the timeframes built on it; the checker's scan (called
 * by the test) is only the fallback. Run by the live processor against a real database and a
 * Polygon-shaped upstream over HTTP.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
@QuarkusTestResource(PolygonStub.class)
class ChainedAggregationTest extends ProcessorTestBase {

    private static final String SYMBOL = "CHAIN";
    private static final List<String> TIMEFRAMES = List.of("5m", "15m", "1h", "1d");

    @Test
    void afterTheBackfillEveryTimeframeIsAggregatedWithoutTheCheckerAndALateBarReachesTheDay() {
        Fixtures.enqueue(enqueuer, pool, registry.find("bars-1m").orElseThrow(), JobOrigin.VIEWER, List.of(SYMBOL));
        await("the first 1-minute write creates the tasks and queues the 5m run").atMost(Duration.ofSeconds(60))
                .until(() -> sql.count("select count(*) from data_agg_state where symbol = ?", SYMBOL) == TIMEFRAMES.size()
                        && sql.count("select count(*) from refresh_job_history where data_type = 'bars-5m' and symbol = ?", SYMBOL) > 0);
        // the checker's scan (run by the test) stays the fallback: a 1-minute chunk written while the 5m
        // run is in progress finds that job still queued and queues none
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            scanDue();
            return sql.count("select count(*) from refresh_jobs where data_type = 'bars-1m' and symbol = ?", SYMBOL) == 0 && caughtUp();
        });
        for (String tf : TIMEFRAMES) {
            assertThat(aggregated(tf)).as(tf + " equals aggregating the 1-minute bars directly").isEqualTo(direct(tf));
        }
        assertThat(dayBars()).isEqualTo(7);

        // a corrected minute behind every cursor; the next 1-minute write (the newest bar fetched again) carries it up
        Instant late = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(3, ChronoUnit.DAYS).plus(Duration.ofMinutes(601));
        sql.update("update data_bars set low = 1 where symbol = ? and timeframe = '1m' and ts_utc = ?", SYMBOL, Timestamp.from(late));
        sql.update("""
                delete from data_bars where symbol = ? and timeframe = '1m'
                   and ts_utc = (select max(ts_utc) from data_bars where symbol = ? and timeframe = '1m')""", SYMBOL, SYMBOL);
        Fixtures.enqueue(enqueuer, pool, registry.find("bars-1m").orElseThrow(), JobOrigin.VIEWER, List.of(SYMBOL));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            scanDue();
            return caughtUp() && new BigDecimal("1").compareTo((BigDecimal) sql.value(
                    "select low from derived_data_bars where symbol = ? and timeframe = '1d' and ts_utc = ?",
                    SYMBOL, Timestamp.from(late.truncatedTo(ChronoUnit.DAYS)))) == 0;
        });
        for (String tf : TIMEFRAMES) {
            assertThat(aggregated(tf)).as(tf + " after the late bar").isEqualTo(direct(tf));
        }
    }

    /** What the checker's aggregation-due task does each run: the fallback. */
    private void scanDue() {
        sql.rows(jdbc(AggregationSql.ENQUEUE_DUE), "test", Timestamp.from(Instant.now()), 500, 900);
    }

    /** A statement with $n parameters, each used once and in order, as JDBC takes it. */
    private static String jdbc(String statement) {
        return statement.replaceAll("\\$\\d+", "?");
    }

    /** Every task idle, without a job or noted late bars, its cursor within one window of where its source reaches. */
    private boolean caughtUp() {
        return sql.count("select count(*) from refresh_jobs where symbol = ?", SYMBOL) == 0
                && sql.count("select count(*) from data_agg_invalidation where symbol = ?", SYMBOL) == 0
                && sql.count("""
                select count(*) from data_agg_state s
                 where s.symbol = ? and s.status = 'idle'
                   and s.last_agg_bar_ts_utc + agg_timeframe_interval(s.timeframe) > least(now(),
                       case when agg_source_timeframe(s.timeframe) = '1m'
                            then (select max(b.ts_utc) + interval '1 minute' from data_bars b where b.symbol = s.symbol)
                            else (select src.last_agg_bar_ts_utc from data_agg_state src
                                   where src.symbol = s.symbol and src.timeframe = agg_source_timeframe(s.timeframe)) end)""",
                SYMBOL) == TIMEFRAMES.size();
    }

    private long dayBars() {
        return sql.count("select count(*) from derived_data_bars where symbol = ? and timeframe = '1d' and deleted_at is null", SYMBOL);
    }

    private List<Map<String, Object>> aggregated(String timeframe) {
        return sql.rows("""
                select ts_utc, open, high, low, close, volume, source_bar_count from derived_data_bars
                 where symbol = ? and timeframe = ? and deleted_at is null order by ts_utc""", SYMBOL, timeframe);
    }

    /** The windows before the task's cursor, aggregated from data_bars in one GROUP BY. */
    private List<Map<String, Object>> direct(String timeframe) {
        return sql.rows("""
                select date_bin(agg_timeframe_interval(?), b.ts_utc, timestamptz '1970-01-01 00:00:00+00') as ts_utc,
                       (array_agg(b.open order by b.ts_utc))[1] as open, max(b.high) as high, min(b.low) as low,
                       (array_agg(b.close order by b.ts_utc desc))[1] as close, sum(b.volume) as volume,
                       count(*)::int as source_bar_count
                  from data_bars b
                 where b.symbol = ? and b.timeframe = '1m'
                   and b.ts_utc < (select last_agg_bar_ts_utc from data_agg_state where symbol = ? and timeframe = ?)
                 group by 1 order by 1""", timeframe, SYMBOL, SYMBOL, timeframe);
    }
}
