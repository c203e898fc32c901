package dev.freshet.shared.aggregation;

import dev.freshet.testsupport.DatabaseCoordinates;
import dev.freshet.testsupport.TestDatabases;
import dev.freshet.testsupport.TestSql;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** V50 and its rollback script on a database of its own: after both, the schema is as before V50. */
class AggregationRollbackTest {

    private static final String CATALOG = """
            select 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
                   || ' ' || coalesce(column_default, '') as item
              from information_schema.columns where table_schema = current_schema()
            union all
            select 'index ' || indexdef from pg_indexes where schemaname = current_schema()
            union all
            select 'function ' || p.oid::regprocedure::text || ' definer=' || p.prosecdef
              from pg_proc p where p.pronamespace = current_schema()::regnamespace
            union all
            select 'trigger ' || tgname || ' on ' || tgrelid::regclass::text
              from pg_trigger where not tgisinternal
            union all
            select 'constraint ' || conname || ' ' || pg_get_constraintdef(oid)
              from pg_constraint where connamespace = current_schema()::regnamespace
            order by 1""";

    @Test
    void theRollbackScriptLeavesTheSchemaAsBeforeTheMigration() throws Exception {
        DatabaseCoordinates db = TestDatabases.fresh();
        TestSql sql = new TestSql(db);
        migrate(db, lastVersionBefore50(db));
        List<Map<String, Object>> before = sql.rows(CATALOG);

        migrate(db, "50");
        assertThat(sql.rows(CATALOG)).isNotEqualTo(before);
        try (Connection c = sql.connect(); Statement st = c.createStatement();
             InputStream script = getClass().getResourceAsStream("/db/rollback/V50__aggregation_redesign_rollback.sql")) {
            st.execute(new String(script.readAllBytes(), StandardCharsets.UTF_8));
        }

        assertThat(sql.rows(CATALOG)).isEqualTo(before);
        assertThat(sql.count("select count(*) from flyway_schema_history where version = '50'")).isZero();
        migrate(db, "50");
        assertThat(sql.count("select count(*) from pg_proc where proname = 'catchup_aggregation_range'"))
                .as("the migration applies again after a rollback").isEqualTo(1);
    }

    private static String lastVersionBefore50(DatabaseCoordinates db) {
        return java.util.Arrays.stream(Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password())
                        .locations("classpath:db/migration").load().info().all())
                .map(m -> m.getVersion())
                .filter(v -> v != null && v.isNewerThan("0") && !v.isAtLeast("50"))
                .max(Comparable::compareTo).orElseThrow().getVersion();
    }

    /**
     * Versioned migrations up to the target alone: Flyway runs repeatable ones after any target, and
     * R__aggregation_functions.sql on a schema before V50 would create V50's functions ahead of it.
     */
    private static void migrate(DatabaseCoordinates db, String target) {
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password())
                .locations("classpath:db/migration").repeatableSqlMigrationPrefix("not-a-migration-")
                .target(target).load().migrate();
    }
}
