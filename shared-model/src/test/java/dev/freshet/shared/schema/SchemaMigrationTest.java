package dev.freshet.shared.schema;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static dev.freshet.testsupport.rows.HistoryRow.finished;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class SchemaMigrationTest {

    private final TestSql sql = TestSql.current();

    @Test
    void seedsTheShippedDataTypesFlagsAndQuotas() {
        assertThat(sql.count("select count(*) from data_type_registry")).isEqualTo(18);
        assertThat(sql.count("select count(*) from data_type_registry where scope = 'global'")).isEqualTo(4);
        assertThat(sql.count("select count(*) from data_type_registry where table_name = 'symbol_universe' and not enabled"))
                .as("the symbol universes (V140) are off until an operator enables them").isEqualTo(2);
        assertThat(sql.count("select count(*) from data_type_registry where enabled and handler = 'http-json'")).isEqualTo(12);
        assertThat(sql.count("select count(*) from data_type_registry where enabled and data_type like 'bars-%'"))
                .as("bars and their aggregations are on by default (V60)").isEqualTo(5);
        assertThat(sql.count("select count(*) from feature_flags where enabled")).isEqualTo(3);
        assertThat(sql.value("select calls_per_minute from provider_quotas where provider = 'fmp'")).isEqualTo(300);
        assertThat(sql.value("select universe_data_type from provider_quotas where provider = 'fmp'")).isEqualTo("fmp-stock-list");
        assertThat(sql.value("select not_found_base_seconds from provider_quotas where provider = 'fmp'")).isEqualTo(900);
        assertThat(sql.value("select not_found_max_seconds from provider_quotas where provider = 'fmp'")).isEqualTo(86400);
    }

    @Test
    void everySeededDataTypePointsAtExistingColumns() {
        long missing = sql.count("""
                select count(*) from data_type_registry r
                cross join lateral unnest(r.key_columns || array[r.timestamp_column] || coalesce(r.symbol_column, r.timestamp_column)) as c(col)
                where not exists (select 1 from information_schema.columns i
                                  where i.table_name = r.table_name and i.column_name = c.col)""");
        assertThat(missing).isZero();
    }

    @Test
    void createsHistoryPartitionsAheadAndDropsOldOnes() {
        LocalDate far = LocalDate.now(ZoneOffset.UTC).plusDays(40);
        assertThat(sql.value("select freshet_ensure_history_partitions(?, 2)", far)).isEqualTo(2);
        assertThat(sql.value("select freshet_ensure_history_partitions(?, 2)", far)).isEqualTo(0);
        assertThat(sql.count("select count(*) from pg_class where relname = ?",
                "refresh_job_history_p" + far.toString().replace("-", ""))).isEqualTo(1);

        LocalDate old = LocalDate.now(ZoneOffset.UTC).minusDays(30);
        sql.value("select freshet_ensure_history_partitions(?, 1)", old);
        assertThat(sql.value("select freshet_drop_history_partitions(?)", old.plusDays(1))).isEqualTo(1);
        assertThat(sql.count("select count(*) from pg_class where relname = ?",
                "refresh_job_history_p" + old.toString().replace("-", ""))).isZero();
    }

    @Test
    void historyRowsWithoutAPartitionAreKeptAndMovedWhenItIsCreated() {
        OffsetDateTime when = OffsetDateTime.now(ZoneOffset.UTC).plusDays(60);
        finished(999001, "profile", "AAPL").origin("manual").enqueuedAt(when.toInstant()).finishedAt(when.toInstant()).insert(sql);
        assertThat(sql.count("select count(*) from refresh_job_history_default where job_id = 999001")).isEqualTo(1);

        sql.value("select freshet_ensure_history_partitions(?, 1)", when.toLocalDate());

        assertThat(sql.count("select count(*) from refresh_job_history_default where job_id = 999001")).isZero();
        assertThat(sql.count("select count(*) from refresh_job_history where job_id = 999001")).isEqualTo(1);
    }
}
