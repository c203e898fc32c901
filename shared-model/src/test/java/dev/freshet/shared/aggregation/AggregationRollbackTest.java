package dev.freshet.shared.aggregation;

import dev.freshet.testsupport.DatabaseCoordinates;
import dev.freshet.testsupport.TestDatabases;
import dev.freshet.testsupport.TestSql;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

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

    /**
     * The shipped head (every versioned migration and the repeatable functions, as the services
     * migrate): the script removes exactly what V50 added, the services' validation passes with
     * V50 ignored, and one out-of-order migrate brings back the head's schema, functions included.
     */
    @Test
    void fromTheShippedHeadTheRollbackRemovesWhatV50AddedAndAnOutOfOrderMigrateRestoresTheHead() throws Exception {
        DatabaseCoordinates reference = TestDatabases.fresh();
        TestSql ref = new TestSql(reference);
        migrate(reference, lastVersionBefore50(reference));
        Set<String> before50 = items(ref.rows(CATALOG));
        migrate(reference, "50");
        Set<String> addedBy50 = new TreeSet<>(items(ref.rows(CATALOG)));
        addedBy50.removeAll(before50);
        Set<String> v50Objects = addedBy50.stream().map(AggregationRollbackTest::object).collect(Collectors.toCollection(TreeSet::new));
        assertThat(v50Objects).contains("function catchup_aggregation_range", "column data_agg_invalidation.symbol", "column data_agg_state.claimed_by");

        DatabaseCoordinates db = TestDatabases.fresh();
        TestSql sql = new TestSql(db);
        shipped(db).load().migrate();
        sql.update("""
                insert into data_agg_state (symbol, timeframe, agg_start_utc, status, claimed_by, running_since_utc)
                values ('RBK', '5m', now(), 'running', 'processor-1', now())""");
        Set<String> atHead = items(sql.rows(CATALOG));
        runScript(sql, "/db/rollback/V50__aggregation_redesign_rollback.sql");

        Set<String> after = items(sql.rows(CATALOG));
        Set<String> expected = atHead.stream().filter(i -> !v50Objects.contains(object(i))).collect(Collectors.toCollection(TreeSet::new));
        assertThat(after).as("V50's objects gone, everything later left alone").isEqualTo(expected);
        assertThat(sql.count("select count(*) from flyway_schema_history where version = '50'")).isZero();
        assertThat(sql.rows("select status from data_agg_state where symbol = 'RBK'")).as("task rows are kept, none left running")
                .extracting(r -> r.get("status")).containsExactly("idle");

        // a service restarting on the rolled-back head, told to ignore the missing V50, changes nothing
        shipped(db).ignoreMigrationPatterns("*:future", "*:ignored").load().migrate();
        assertThat(items(sql.rows(CATALOG))).isEqualTo(after);

        // the re-apply script and one out-of-order migrate bring back the head, its current functions included
        runScript(sql, "/db/rollback/V50__aggregation_redesign_reapply.sql");
        shipped(db).outOfOrder(true).load().migrate();
        assertThat(items(sql.rows(CATALOG))).isEqualTo(atHead);
        assertThat(sql.count("select count(*) from pg_proc where proname = 'agg_get_due_tasks' and prosrc like '%refresh_jobs%'"))
                .as("V70's and the repeatable's version of the due-task claim, not V50's").isEqualTo(1);
        shipped(db).load().validate();
    }

    private static FluentConfiguration shipped(DatabaseCoordinates db) {
        return Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).locations("classpath:db/migration");
    }

    private void runScript(TestSql sql, String resource) throws Exception {
        try (Connection c = sql.connect(); Statement st = c.createStatement();
             InputStream script = getClass().getResourceAsStream(resource)) {
            st.execute(new String(script.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static Set<String> items(List<Map<String, Object>> rows) {
        return rows.stream().map(r -> (String) r.get("item")).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The object a catalog item describes, whatever its definition: "function name", "table t", "column t.c", "index name", ... */
    private static String object(String item) {
        String[] w = item.split(" ");
        return switch (w[0]) {
            case "column" -> "column " + w[1];
            case "function" -> "function " + w[1].substring(0, w[1].indexOf('('));
            case "index" -> "index " + w[w[2].equals("UNIQUE") ? 4 : 3];
            case "trigger", "constraint" -> w[0] + " " + w[1];
            default -> item;
        };
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
