package dev.freshet.shared.identifier;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class CatalogValidatorTest {

    @Inject
    CatalogValidator validator;

    private final TestSql sql = TestSql.current();

    private CatalogCheck check(String table, Map<String, Set<String>> columns) {
        return validator.check(table, columns).await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void acceptsAnExistingTableWithColumnsOfTheRightTypes() {
        Map<String, Set<String>> columns = new LinkedHashMap<>();
        columns.put("symbol", CatalogValidator.TEXT_TYPES);
        columns.put("refreshed_at", CatalogValidator.TIMESTAMP_TYPES);
        columns.put("price", Set.of());
        CatalogCheck c = check("profiles", columns);
        assertThat(c.ok()).as(c.problems().toString()).isTrue();
        assertThat(c.columnTypes()).containsEntry("refreshed_at", "timestamp with time zone");
    }

    @Test
    void keyColumnsMustBeExactlyTheColumnsOfAUniqueIndexInAnyOrder() {
        Map<String, Set<String>> none = Map.of();
        assertThat(validator.check("data_bars", none, List.of("ts_utc", "symbol", "timeframe"))
                .await().atMost(Duration.ofSeconds(10)).problems()).isEmpty();
        CatalogCheck prefix = validator.check("data_bars", none, List.of("symbol", "ts_utc")).await().atMost(Duration.ofSeconds(10));
        assertThat(prefix.problems()).containsExactly("keyColumns (symbol, ts_utc) are not the columns of a unique index or primary key"
                + " of table 'data_bars', so no row of this data type could be written (upserts need one); its unique keys are"
                + " (symbol, timeframe, ts_utc)");
        assertThat(validator.check("profiles", none, List.of("symbol", "refreshed_at")).await().atMost(Duration.ofSeconds(10))
                .problems()).hasSize(1);
    }

    @Test
    void aPartialUniqueIndexDoesNotCount() {
        sql.update("create table if not exists catalog_partial_key (k text, v text, refreshed_at timestamptz)");
        try {
            sql.update("create unique index if not exists catalog_partial_key_k on catalog_partial_key (k) where v is not null");
            CatalogCheck c = validator.check("catalog_partial_key", Map.of(), List.of("k")).await().atMost(Duration.ofSeconds(10));
            assertThat(c.problems()).singleElement().asString().endsWith("the table has no unique index");
        } finally {
            // the schema's tables are classified by InternalTablesTest; an operator table left behind would read as unclassified
            sql.update("drop table catalog_partial_key");
        }
    }

    @Test
    void refusesATableThatDoesNotExist() {
        CatalogCheck c = check("no_such_table", Map.of("symbol", Set.of()));
        assertThat(c.tableExists()).isFalse();
        assertThat(c.problems()).containsExactly("table 'no_such_table' does not exist");
    }

    @Test
    void refusesMissingColumnsAndWrongTypes() {
        Map<String, Set<String>> columns = new LinkedHashMap<>();
        columns.put("nope", Set.of());
        columns.put("price", CatalogValidator.TIMESTAMP_TYPES);
        CatalogCheck c = check("profiles", columns);
        assertThat(c.problems()).hasSize(2);
        assertThat(c.problems().get(0)).contains("'nope' does not exist");
        assertThat(c.problems().get(1)).contains("'price'").contains("numeric");
    }

    @Test
    void refusesInjectionWithoutAskingTheDatabase() {
        CatalogCheck c = check("profiles; drop table quotes", Map.of("symbol", Set.of()));
        assertThat(c.ok()).isFalse();
        assertThat(c.problems().get(0)).contains("not a plain identifier");
        assertThat(check("quotes", Map.of("symbol", Set.of())).tableExists()).isTrue();
    }

    @Test
    void refusesCatalogTablesOutsideTheSchema() {
        assertThat(check("pg_authid", Map.of("rolname", Set.of())).tableExists()).isFalse();
    }
}
