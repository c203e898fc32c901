package dev.freshet.shared.schema;

import dev.freshet.shared.identifier.CatalogCheck;
import dev.freshet.shared.identifier.CatalogValidator;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class InternalTablesTest {

    private final TestSql sql = TestSql.current();

    @Inject
    CatalogValidator catalog;

    @Test
    void everyTableTheMigrationsCreateIsInternalOrATargetOfAShippedDataType() {
        List<Object> unclassified = sql.rows("""
                        select c.relname as name from pg_class c
                        join pg_namespace n on n.oid = c.relnamespace
                        where n.nspname = current_schema() and c.relkind in ('r', 'p', 'u') and not c.relispartition
                          and c.relname not in (select table_name from data_type_registry)
                        order by 1""").stream()
                .map(r -> r.get("name"))
                .filter(name -> !InternalTables.contains((String) name))
                .toList();
        assertThat(unclassified).as("tables neither in InternalTables nor a shipped target").isEmpty();
    }

    @Test
    void noShippedDataTypeTargetsAnInternalTable() {
        List<Object> targets = sql.rows("select distinct table_name from data_type_registry").stream().map(r -> r.get("table_name")).toList();
        assertThat(targets).isNotEmpty().noneMatch(t -> InternalTables.contains((String) t));
    }

    @Test
    void theCatalogRefusesEveryInternalTableAsATarget() {
        for (String table : InternalTables.NAMES) {
            CatalogCheck c = catalog.check(table, Map.of()).await().atMost(Duration.ofSeconds(10));
            assertThat(c.ok()).as(table).isFalse();
            assertThat(c.problems()).as(table).containsExactly(
                    "table '" + table + "' belongs to Freshet; a data type may only target the operator's own tables");
            assertThat(c.columnTypes()).as("nothing about " + table + " leaks into the answer").isEmpty();
        }
    }

    @Test
    void theCatalogRefusesAPartitionOfAnInternalTable() {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(50);
        sql.value("select freshet_ensure_history_partitions(?, 1)", day);
        String partition = "refresh_job_history_p" + day.toString().replace("-", "");
        CatalogCheck c = catalog.check(partition, Map.of("job_id", Set.of())).await().atMost(Duration.ofSeconds(10));
        assertThat(c.ok()).isFalse();
        assertThat(c.problems().get(0)).contains("belongs to Freshet");
    }

    @Test
    void theCatalogStillAcceptsAnOperatorTable() {
        sql.update("create table if not exists operator_prices (symbol text primary key, refreshed_at timestamptz not null)");
        try {
            CatalogCheck c = catalog.check("operator_prices", Map.of("symbol", CatalogValidator.TEXT_TYPES)).await().atMost(Duration.ofSeconds(10));
            assertThat(c.ok()).as(c.problems().toString()).isTrue();
        } finally {
            // left behind, it would read as an unclassified table to the completeness check above
            sql.update("drop table operator_prices");
        }
    }
}
