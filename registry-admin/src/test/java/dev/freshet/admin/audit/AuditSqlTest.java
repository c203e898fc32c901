package dev.freshet.admin.audit;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.StatementTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit log statements on the real database. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class AuditSqlTest extends StatementTest {


    @BeforeEach
    void clean() {
        sql.update("delete from audit_log where entity_id like 'auditsql-%'");
    }

    private List<Long> ids(Object entityType, Object entityId, Object actor, Object since, Object before, int limit) {
        return execute(AuditSql.LIST, entityType, entityId, actor, since, before, limit).stream()
                .filter(r -> r.getString("entity_id").startsWith("auditsql-")).map(r -> r.getLong("audit_id")).toList();
    }

    @Test
    void insertWritesTheRowWithItsBeforeAndAfter() {
        execute(AuditSql.INSERT, "alice", "registry", "auditsql-1", "update", new JsonObject().put("ttl", 60), new JsonObject().put("ttl", 90));

        assertThat(sql.rows("select actor, entity_type, action, before ->> 'ttl' as b, after ->> 'ttl' as a from audit_log where entity_id = 'auditsql-1'"))
                .containsExactly(java.util.Map.of("actor", "alice", "entity_type", "registry", "action", "update", "b", "60", "a", "90"));
    }

    @Test
    void listFiltersByEachGivenCriterionNewestFirstBelowTheCursor() {
        execute(AuditSql.INSERT, "alice", "registry", "auditsql-a", "create", null, new JsonObject());
        execute(AuditSql.INSERT, "bob", "registry", "auditsql-a", "update", new JsonObject(), new JsonObject());
        execute(AuditSql.INSERT, "alice", "flag", "auditsql-f", "create", null, new JsonObject());
        List<Long> all = ids(null, null, null, null, null, 1000);
        assertThat(all).hasSize(3).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        long flag = all.get(0);
        long bobs = all.get(1);
        long first = all.get(2);

        assertThat(ids("registry", null, null, null, null, 1000)).containsExactly(bobs, first);
        assertThat(ids(null, "auditsql-f", null, null, null, 1000)).containsExactly(flag);
        assertThat(ids(null, null, "alice", null, null, 1000)).containsExactly(flag, first);
        assertThat(ids(null, null, null, null, flag, 1000)).containsExactly(bobs, first);
        assertThat(ids(null, null, null, OffsetDateTime.now(ZoneOffset.UTC).plusDays(1), null, 1000)).isEmpty();
        assertThat(execute(AuditSql.LIST, "registry", "auditsql-a", null, null, null, 1)).extracting(r -> r.getLong("audit_id"))
                .containsExactly(bobs);
    }
}
