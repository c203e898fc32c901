package dev.freshet.shared.aggregation;

import dev.freshet.testsupport.DatabaseCoordinates;
import dev.freshet.testsupport.TestDatabases;
import dev.freshet.testsupport.TestSql;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * R__aggregation_functions.sql holds the aggregation functions as they are: on a fresh database it
 * applies after the versioned migrations and leaves every function as V50 and V70 made them, but for
 * the changes made in it since (agg_get_due_tasks is event-driven; agg_create_tasks, which the
 * registry sync now calls, is new).
 */
class AggregationFunctionsMigrationTest {

    private static final String FUNCTIONS = """
            select p.proname::text as name, pg_get_functiondef(p.oid) as definition
              from pg_proc p
             where p.pronamespace = current_schema()::regnamespace
               and (p.proname like 'agg\\_%' or p.proname in ('catchup_aggregation_range', 'sync_agg_state_from_registry'))
             order by 1""";

    @Test
    void theRepeatableMigrationAppliesLastAndMatchesTheVersionedDefinitions() {
        DatabaseCoordinates withRepeatable = TestDatabases.fresh();
        flyway(withRepeatable).load().migrate();
        DatabaseCoordinates versionedOnly = TestDatabases.fresh();
        // another prefix for repeatable migrations: R__ files are then not migrations at all
        flyway(versionedOnly).repeatableSqlMigrationPrefix("not-a-migration-").load().migrate();

        TestSql sql = new TestSql(withRepeatable);
        assertThat(sql.count("""
                select count(*) from flyway_schema_history
                 where script = 'R__aggregation_functions.sql' and success
                   and installed_rank = (select max(installed_rank) from flyway_schema_history)""")).isEqualTo(1);
        List<Map<String, Object>> functions = sql.rows(FUNCTIONS);
        assertThat(functions).hasSize(11);
        List<Map<String, Object>> versioned = new TestSql(versionedOnly).rows(FUNCTIONS);
        assertThat(versioned).hasSize(10);
        assertThat(without(functions, CHANGED)).isEqualTo(without(versioned, CHANGED));
        assertThat(definition(functions, "agg_get_due_tasks")).contains("data_agg_invalidation")
                .isNotEqualTo(definition(versioned, "agg_get_due_tasks"));
        assertThat(definition(functions, "sync_agg_state_from_registry")).contains("agg_create_tasks");
    }

    /** Changed or added by the repeatable migration. */
    private static final List<String> CHANGED = List.of("agg_get_due_tasks", "sync_agg_state_from_registry", "agg_create_tasks");

    private static List<Map<String, Object>> without(List<Map<String, Object>> functions, List<String> names) {
        return functions.stream().filter(f -> !names.contains(f.get("name"))).toList();
    }

    private static String definition(List<Map<String, Object>> functions, String name) {
        return functions.stream().filter(f -> name.equals(f.get("name"))).map(f -> (String) f.get("definition"))
                .findFirst().orElseThrow();
    }

    private static FluentConfiguration flyway(DatabaseCoordinates db) {
        return Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).locations("classpath:db/migration");
    }
}
