package dev.freshet.shared.schema;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.ServiceRoles;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service roles' grants (V300, table freshet_table_grants): every table has a decision for every role,
 * the database holds exactly those decisions, SECURITY DEFINER functions are not PUBLIC, and a role is
 * refused what its row leaves out.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class ServiceGrantsTest {

    private static final List<String> ROLES = List.of("tracker", "processor", "checker", "admin");
    private static final List<String> PRIVILEGES = List.of("select", "insert", "update", "delete", "truncate", "references", "trigger");
    private static final String TARGETS = "(registry targets)";

    private final TestSql sql = TestSql.current();

    @Test
    void everyTableHasAGrantDecisionForEveryServiceRole() {
        List<Object> undecided = sql.rows("""
                select c.relname as name from pg_class c
                join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = current_schema() and c.relkind in ('r', 'p', 'u', 'v', 'm') and not c.relispartition
                  and c.relname not in (select table_name from freshet_table_grants)
                  and c.relname not in (select table_name from data_type_registry)
                order by 1""").stream().map(r -> r.get("name")).toList();
        assertThat(undecided).as("tables with no row in freshet_table_grants (add one in a migration, then select freshet_apply_grants())")
                .isEmpty();
        assertThat(sql.count("select count(*) from freshet_table_grants where table_name <> '" + TARGETS + "'"
                + " and to_regclass(quote_ident(table_name)) is null")).as("rows for tables that do not exist").isZero();
    }

    @Test
    void theDatabaseHoldsExactlyTheDecisions() {
        List<String> mismatches = new ArrayList<>();
        Map<String, Object> targetRule = sql.rows("select * from freshet_table_grants where table_name = ?", TARGETS).get(0);
        for (Map<String, Object> row : sql.rows("select * from freshet_table_grants where table_name <> ?", TARGETS)) {
            compare((String) row.get("table_name"), row, mismatches);
        }
        for (Map<String, Object> target : sql.rows("select distinct table_name from data_type_registry")) {
            compare((String) target.get("table_name"), targetRule, mismatches);
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void newRegistryTargetsGetTheTargetRule() {
        sql.update("create table grants_probe_prices (symbol text primary key, refreshed_at timestamptz not null)");
        try {
            sql.update("""
                    insert into data_type_registry (data_type, display_name, provider, handler, table_name, timestamp_column,
                        symbol_column, key_columns, scope, ttl_seconds, refresh_mode)
                    values ('grants-probe', 'Grants probe', 'fmp', 'http-json', 'grants_probe_prices', 'refreshed_at',
                        'symbol', array['symbol'], 'symbol', 60, 'on_demand')""");
            List<String> mismatches = new ArrayList<>();
            compare("grants_probe_prices", sql.rows("select * from freshet_table_grants where table_name = ?", TARGETS).get(0), mismatches);
            assertThat(mismatches).isEmpty();
        } finally {
            sql.update("delete from data_type_registry where data_type = 'grants-probe'");
            sql.update("drop table grants_probe_prices");
        }
    }

    @Test
    void securityDefinerFunctionsAreNotExecutableByPublic() {
        List<Object> open = sql.rows("""
                select p.proname as name from pg_proc p
                join pg_namespace n on n.oid = p.pronamespace
                where n.nspname = current_schema() and p.prosecdef
                  and (p.proacl is null or exists (select 1 from aclexplode(p.proacl) a
                                                   where a.grantee = 0 and a.privilege_type = 'EXECUTE'))
                order by 1""").stream().map(r -> r.get("name")).toList();
        assertThat(open).isEmpty();
        assertThat(sql.value("select has_function_privilege('freshet_checker', 'freshet_ensure_history_partitions(date, integer)', 'execute')"))
                .isEqualTo(true);
        assertThat(sql.value("select has_function_privilege('freshet_tracker', 'freshet_ensure_history_partitions(date, integer)', 'execute')"))
                .isEqualTo(false);
        assertThat(sql.value("select has_function_privilege('freshet_admin', 'agg_finish(text, text, boolean, timestamptz, text, timestamptz, timestamptz, integer)', 'execute')"))
                .isEqualTo(false);
    }

    @Test
    void eachRoleIsRefusedAWriteOutsideItsGrants() {
        assertThat(refusal("freshet_tracker", "update data_type_registry set ttl_seconds = 1")).isEqualTo(ServiceRoles.REFUSED);
        assertThat(refusal("freshet_tracker", "delete from quotes")).isEqualTo(ServiceRoles.REFUSED);
        assertThat(refusal("freshet_processor", "delete from feature_flags")).isEqualTo(ServiceRoles.REFUSED);
        assertThat(refusal("freshet_processor", "update data_type_registry set ttl_seconds = 1")).as("only estimated_bytes").isEqualTo(ServiceRoles.REFUSED);
        assertThat(refusal("freshet_checker", "insert into audit_log (actor, action, entity_type, entity_id) values ('x', 'x', 'x', 'x')"))
                .isEqualTo(ServiceRoles.REFUSED);
        assertThat(refusal("freshet_admin", "delete from quotes")).isEqualTo(ServiceRoles.REFUSED);
        assertThat(refusal("freshet_admin", "select freshet_ensure_history_partitions(current_date, 1)")).isEqualTo(ServiceRoles.REFUSED);
        // and allowed what the rows say
        assertThat(refusal("freshet_processor", "update data_type_registry set estimated_bytes = estimated_bytes")).isNull();
        assertThat(refusal("freshet_checker", "select freshet_ensure_history_partitions(current_date + 60, 1)")).isNull();
    }

    private String refusal(String role, String statement) {
        return ServiceRoles.refusal(PostgresTestResource.current(), role, statement);
    }

    private void compare(String table, Map<String, Object> decision, List<String> mismatches) {
        for (String role : ROLES) {
            Set<String> granted = tableLevel((String) decision.get(role));
            for (String privilege : PRIVILEGES) {
                boolean has = (Boolean) sql.value("select has_table_privilege(?, quote_ident(?), ?)", "freshet_" + role, table, privilege);
                if (has != granted.contains(privilege)) {
                    mismatches.add(table + ": freshet_" + role + (has ? " has " : " lacks ") + privilege);
                }
            }
        }
    }

    /** The privileges a decision grants on the whole table (column grants such as "update (x)" are not). */
    private static Set<String> tableLevel(String decision) {
        return Arrays.stream(decision.replaceAll("\\([^)]*\\)", "()").split(","))
                .map(String::trim).filter(p -> !p.isEmpty() && !p.endsWith("()")).collect(Collectors.toSet());
    }
}
