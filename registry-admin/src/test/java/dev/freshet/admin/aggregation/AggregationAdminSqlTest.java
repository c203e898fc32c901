package dev.freshet.admin.aggregation;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.StatementTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static dev.freshet.admin.TestData.at;
import static org.assertj.core.api.Assertions.assertThat;

/** The operators' aggregation statements on the real database. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class AggregationAdminSqlTest extends StatementTest {


    @BeforeEach
    void tasks() {
        sql.update("delete from data_agg_state");
        sql.update("delete from derived_data_bars where symbol in ('SQLA', 'SQLB')");
        sql.update("delete from data_bars where symbol in ('SQLA', 'SQLB')");
        sql.update("""
                insert into data_bars (symbol, ts_utc, open, high, low, close, volume, refreshed_at)
                values ('SQLA', timestamptz '2026-01-05 10:30:00+00', 1, 1, 1, 1, 1, now()),
                       ('SQLB', timestamptz '2026-01-05 10:10:00+00', 1, 1, 1, 1, 1, now())""");
        sql.update("""
                insert into data_agg_state (symbol, timeframe, last_agg_bar_ts_utc, agg_start_utc, status, enabled, task_priority)
                values ('SQLA', '5m', timestamptz '2026-01-05 10:00:00+00', timestamptz '2026-01-01 00:00:00+00', 'hard_failed', true, 100),
                       ('SQLB', '5m', timestamptz '2026-01-05 10:00:00+00', timestamptz '2026-01-01 00:00:00+00', 'idle', false, 100),
                       ('SQLA', '1h', null, timestamptz '2026-01-01 00:00:00+00', 'idle', true, 100)""");
        sql.update("""
                insert into derived_data_bars (symbol, timeframe, ts_utc, open, high, low, close, volume, source_bar_count, quality_score, deleted_at, refreshed_at)
                values ('SQLA', '5m', timestamptz '2026-01-05 10:00:00+00', 1, 1, 1, 1, 1, 5, 1, null, now()),
                       ('SQLA', '5m', timestamptz '2026-01-05 10:05:00+00', 1, 1, 1, 1, 1, 4, 0.8, null, now()),
                       ('SQLB', '5m', timestamptz '2026-01-05 10:00:00+00', 1, 1, 1, 1, 1, 5, 1, null, now()),
                       ('SQLB', '5m', timestamptz '2026-01-05 10:05:00+00', 1, 1, 1, 1, 1, 1, 0.2, now(), now()),
                       ('SQLB', '5m', timestamptz '2026-01-04 10:00:00+00', 1, 1, 1, 1, 1, 1, 0.2, null, now())""");
    }

    @Test
    void timeframesCountTasksLagAndTheQualityOfLiveBarsInThePeriod() {
        List<Row> rows = execute(AggregationAdminSql.TIMEFRAMES, at(Instant.parse("2026-01-05T00:00:00Z")));
        Row fiveMinutes = rows.stream().filter(r -> r.getString("timeframe").equals("5m")).findFirst().orElseThrow();
        assertThat(fiveMinutes.getLong("tasks")).isEqualTo(2);
        assertThat(fiveMinutes.getLong("enabled_tasks")).isEqualTo(1);
        assertThat(fiveMinutes.getLong("hard_failed")).isEqualTo(1);
        assertThat(fiveMinutes.getBigDecimal("max_lag_minutes")).isEqualByComparingTo(new BigDecimal("30"));
        assertThat(fiveMinutes.getBigDecimal("mean_lag_minutes")).isEqualByComparingTo(new BigDecimal("20"));
        // the deleted bar and the one before the period do not count
        assertThat(fiveMinutes.getLong("bars")).isEqualTo(3);
        assertThat(fiveMinutes.getLong("full_bars")).isEqualTo(2);
        assertThat(fiveMinutes.getBigDecimal("mean_quality")).isEqualByComparingTo(new BigDecimal("0.9333"));
        Row hour = rows.stream().filter(r -> r.getString("timeframe").equals("1h")).findFirst().orElseThrow();
        assertThat(hour.getLong("tasks")).isEqualTo(1);
        assertThat(hour.getBigDecimal("max_lag_minutes")).as("not bootstrapped: no lag").isNull();
        assertThat(hour.getLong("bars")).isZero();
    }

    @Test
    void updateSettingsKeepsWhatIsNullAndAnswersBeforeAndAfter() {
        List<Row> rows = execute(AggregationAdminSql.UPDATE_SETTINGS, "SQLB", "5m", true, null, true);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getBoolean("enabled_before")).isFalse();
        assertThat(rows.get(0).getBoolean("enabled")).isTrue();
        assertThat(rows.get(0).getInteger("task_priority")).isEqualTo(100);
        assertThat(rows.get(0).getBoolean("is_mandatory")).isTrue();
        assertThat(sql.rows("select enabled, task_priority, is_mandatory from data_agg_state where symbol = 'SQLB' and timeframe = '5m'").get(0))
                .containsEntry("enabled", true).containsEntry("task_priority", 100).containsEntry("is_mandatory", true);

        assertThat(execute(AggregationAdminSql.UPDATE_SETTINGS, "NOPE", "5m", true, 5, null)).isEmpty();
    }
}
