package dev.freshet.processor.aggregate;

import dev.freshet.processor.ProcessorTestBase;
import dev.freshet.testsupport.UpstreamStub;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** aggregate-bars jobs run by the processor against the real database. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
class AggregateBarsHandlerTest extends ProcessorTestBase {

    private static final OffsetDateTime DAY = OffsetDateTime.of(2025, 7, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    @BeforeEach
    void enableFiveMinuteBars() {
        sql.update("delete from data_bars where symbol like 'AGG%'");
        sql.update("delete from derived_data_bars where symbol like 'AGG%'");
        sql.update("delete from data_agg_state where symbol like 'AGG%'");
        sql.update("update data_type_registry set rollout_state = 'live' where data_type = 'bars-5m'");
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.find("bars-5m").orElseThrow().enabled());
    }

    @AfterEach
    void restoreShippedState() {
        // bars and their aggregations are enabled by default (V60)
        sql.update("update data_type_registry set rollout_state = 'live' where data_type = 'bars-5m'");
    }

    @Test
    void anAggregationJobCatchesTheTaskUpAndCompletes() {
        sql.update("""
                insert into data_bars (symbol, timeframe, ts_utc, open, high, low, close, volume, refreshed_at)
                select 'AGGA', '1m', ?::timestamptz + make_interval(mins => i), 10 + i, 11 + i, 9 + i, 10 + i, 1, now()
                from generate_series(0, 59) as i""", DAY);
        task("AGGA", "running");

        enqueue("AGGA");

        await().atMost(Duration.ofSeconds(20)).until(() ->
                sql.count("select count(*) from refresh_job_history where data_type = 'bars-5m' and symbol = 'AGGA'") == 1);
        assertThat(sql.value("select status from refresh_job_history where data_type = 'bars-5m' and symbol = 'AGGA'")).isEqualTo("completed");
        assertThat(sql.value("select rows_written from refresh_job_history where data_type = 'bars-5m' and symbol = 'AGGA'")).isEqualTo(12);
        assertThat(sql.count("select count(*) from derived_data_bars where symbol = 'AGGA' and timeframe = '5m'")).isEqualTo(12);
        assertThat(sql.rows("select status, hard_fail_streak, last_agg_bar_ts_utc from data_agg_state where symbol = 'AGGA'").get(0))
                .containsEntry("status", "idle").containsEntry("hard_fail_streak", 0)
                .containsEntry("last_agg_bar_ts_utc", java.sql.Timestamp.from(Instant.parse("2025-07-01T01:00:00Z")));
    }

    @Test
    void aHardFailedTaskFailsItsJobWithoutAggregating() {
        sql.update("""
                insert into data_bars (symbol, timeframe, ts_utc, open, high, low, close, volume, refreshed_at)
                select 'AGGB', '1m', ?::timestamptz + make_interval(mins => i), 10, 11, 9, 10, 1, now()
                from generate_series(0, 9) as i""", DAY);
        task("AGGB", "hard_failed");

        enqueue("AGGB");

        await().atMost(Duration.ofSeconds(20)).until(() ->
                sql.count("select count(*) from refresh_job_history where data_type = 'bars-5m' and symbol = 'AGGB'") == 1);
        assertThat(sql.value("select status from refresh_job_history where data_type = 'bars-5m' and symbol = 'AGGB'")).isEqualTo("failed");
        assertThat((String) sql.value("select last_error from refresh_job_history where data_type = 'bars-5m' and symbol = 'AGGB'"))
                .contains("hard_failed");
        assertThat(sql.count("select count(*) from derived_data_bars where symbol = 'AGGB'")).isZero();
    }

    private void task(String symbol, String status) {
        sql.update("insert into data_agg_state (symbol, timeframe, agg_start_utc, status) values (?, '5m', ?, ?)", symbol, DAY, status);
    }

    private void enqueue(String symbol) {
        sql.update("insert into refresh_jobs (data_type, symbol, provider, priority, origin) values ('bars-5m', ?, 'local', 30, 'aggregation')", symbol);
    }
}
