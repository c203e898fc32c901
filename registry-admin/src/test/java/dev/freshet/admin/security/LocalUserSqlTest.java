package dev.freshet.admin.security;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.StatementTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The local user statements on the real database. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class LocalUserSqlTest extends StatementTest {

    private List<Map<String, Object>> saved = List.of();

    /** The service's own users stay as they were: the revoke below removes every generated one. */
    @BeforeEach
    void saveUsers() {
        saved = sql.rows("select username, role, password_hash, generated, created_at, password_changed_at from admin_local_users");
        sql.update("delete from admin_local_users");
    }

    @AfterEach
    void restoreUsers() {
        sql.update("delete from admin_local_users");
        for (Map<String, Object> u : saved) {
            sql.update("insert into admin_local_users (username, role, password_hash, generated, created_at, password_changed_at) values (?, ?, ?, ?, ?, ?)",
                    u.get("username"), u.get("role"), u.get("password_hash"), u.get("generated"), u.get("created_at"), u.get("password_changed_at"));
        }
        sql.update("delete from audit_log where entity_type = 'local_user' and entity_id like 'lus-%'");
    }

    private List<Map<String, Object>> audit() {
        return sql.rows("select entity_id, action, actor from audit_log where entity_type = 'local_user' and entity_id like 'lus-%' order by audit_id");
    }

    @Test
    void insertIfAbsentCreatesAGeneratedUserOnce() {
        assertThat(execute(LocalUserSql.INSERT_IF_ABSENT, "lus-admin", "admin", "hash1")).hasSize(1);
        assertThat(execute(LocalUserSql.INSERT_IF_ABSENT, "lus-admin", "viewer", "hash2")).isEmpty();

        assertThat(execute(LocalUserSql.FIND, "lus-admin")).extracting(r -> r.getString("role"), r -> r.getString("password_hash"))
                .containsExactly(tuple("admin", "hash1"));
        assertThat(execute(LocalUserSql.FIND, "lus-none")).isEmpty();
        assertThat(sql.value("select generated from admin_local_users where username = 'lus-admin'")).isEqualTo(true);
    }

    @Test
    void listReturnsEveryUserInNameOrder() {
        execute(LocalUserSql.INSERT_IF_ABSENT, "lus-b", "viewer", "h");
        execute(LocalUserSql.INSERT_IF_ABSENT, "lus-a", "admin", "h");

        assertThat(execute(LocalUserSql.LIST)).extracting(r -> r.getString("username"), r -> r.getBoolean("generated"))
                .containsExactly(tuple("lus-a", true), tuple("lus-b", true));
    }

    @Test
    void rotateChangesTheHashMakesTheUserStoredAndAuditsIt() {
        execute(LocalUserSql.INSERT_IF_ABSENT, "lus-a", "admin", "old");

        assertThat(execute(LocalUserSql.ROTATE, "lus-a", "new", "alice")).extracting(r -> r.getString("role")).containsExactly("admin");
        assertThat(execute(LocalUserSql.ROTATE, "lus-none", "new", "alice")).isEmpty();

        assertThat(sql.rows("select password_hash, generated from admin_local_users where username = 'lus-a'"))
                .containsExactly(Map.of("password_hash", "new", "generated", false));
        assertThat(audit()).containsExactly(Map.of("entity_id", "lus-a", "action", "rotate_password", "actor", "alice"));
    }

    @Test
    void revokeGeneratedRemovesGeneratedUsersAndTheConfiguredNameOnly() {
        execute(LocalUserSql.INSERT_IF_ABSENT, "lus-gen", "admin", "h");
        execute(LocalUserSql.INSERT_IF_ABSENT, "lus-cfg", "admin", "h");
        execute(LocalUserSql.INSERT_IF_ABSENT, "lus-kept", "viewer", "h");
        execute(LocalUserSql.ROTATE, "lus-cfg", "h2", "alice");
        execute(LocalUserSql.ROTATE, "lus-kept", "h2", "alice");

        List<Row> gone = execute(LocalUserSql.REVOKE_GENERATED, "lus-cfg", "system");

        assertThat(gone).extracting(r -> r.getString("username")).containsExactly("lus-cfg", "lus-gen");
        assertThat(sql.rows("select username from admin_local_users")).containsExactly(Map.of("username", "lus-kept"));
        assertThat(audit()).filteredOn(m -> m.get("action").equals("revoke")).extracting(m -> m.get("entity_id"))
                .containsExactlyInAnyOrder("lus-cfg", "lus-gen");
    }

    @Test
    void deleteRemovesTheNamedUserAndAuditsIt() {
        execute(LocalUserSql.INSERT_IF_ABSENT, "lus-a", "viewer", "h");
        execute(LocalUserSql.INSERT_IF_ABSENT, "lus-b", "viewer", "h");

        assertThat(execute(LocalUserSql.DELETE, "lus-a", "alice")).hasSize(1);
        assertThat(execute(LocalUserSql.DELETE, "lus-a", "alice")).isEmpty();

        assertThat(sql.rows("select username from admin_local_users")).containsExactly(Map.of("username", "lus-b"));
        assertThat(audit()).containsExactly(Map.of("entity_id", "lus-a", "action", "delete", "actor", "alice"));
    }
}
