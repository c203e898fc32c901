package dev.freshet.admin.flags;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.StatementTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The flag statements on the real database. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class FlagSqlTest extends StatementTest {


    @BeforeEach
    void clean() {
        sql.update("delete from feature_flags where flag_name like 'flagsql_%'");
        sql.update("delete from audit_log where entity_type = 'flag' and entity_id like 'flagsql_%'");
    }

    @Test
    void setCreatesThenUpdatesKeepingWhatIsLeftOutAndAuditsEachChange() {
        Row created = execute(FlagSql.SET, "flagsql_a", true, "first", new JsonObject().put("dataTypes", new JsonObject().put("quote", false)),
                "alice").get(0);
        Row updated = execute(FlagSql.SET, "flagsql_a", false, null, null, "bob").get(0);

        assertThat(created.getBoolean("enabled")).isTrue();
        assertThat(updated.getBoolean("enabled")).isFalse();
        assertThat(updated.getString("description")).isEqualTo("first");
        assertThat(((JsonObject) updated.getValue("metadata")).getJsonObject("dataTypes").getBoolean("quote")).isFalse();
        assertThat(updated.getString("updated_by")).isEqualTo("bob");
        assertThat(sql.rows("""
                select actor, action, before ->> 'enabled' as before, after ->> 'enabled' as after
                from audit_log where entity_type = 'flag' and entity_id = 'flagsql_a' order by audit_id""")).containsExactly(
                mapOf("alice", "create", null, "true"), mapOf("bob", "update", "true", "false"));
    }

    @Test
    void setWithoutDescriptionOrMetadataOnANewFlagUsesEmptyOnes() {
        Row r = execute(FlagSql.SET, "flagsql_b", true, null, null, "alice").get(0);

        assertThat(r.getString("description")).isEmpty();
        assertThat(((JsonObject) r.getValue("metadata")).isEmpty()).isTrue();
    }

    @Test
    void listAndGetReadTheFlags() {
        execute(FlagSql.SET, "flagsql_c", true, "c", null, "alice");

        List<String> names = execute(FlagSql.LIST).stream().map(r -> r.getString("flag_name")).toList();
        assertThat(names).isSorted().contains("flagsql_c", "use_queue_system");
        assertThat(execute(FlagSql.GET, "flagsql_c")).extracting(r -> r.getString("description")).containsExactly("c");
        assertThat(execute(FlagSql.GET, "flagsql_none")).isEmpty();
    }

    @Test
    void knownDataTypesReturnsOnlyTheOnesInTheRegistry() {
        assertThat(execute(FlagSql.KNOWN_DATA_TYPES, (Object) new String[]{"quote", "no-such-type", "profile"}))
                .extracting(r -> r.getString("data_type")).containsExactlyInAnyOrder("quote", "profile");
    }

    private static Map<String, Object> mapOf(String actor, String action, String before, String after) {
        Map<String, Object> m = new java.util.HashMap<>();
        m.put("actor", actor);
        m.put("action", action);
        m.put("before", before);
        m.put("after", after);
        return m;
    }
}
