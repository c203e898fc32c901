package dev.freshet.shared.identifier;

import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class CatalogValidatorTest {

    @Inject
    CatalogValidator validator;

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
