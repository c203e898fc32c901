package dev.freshet.checker;

import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checker's own connections run as its role, freshet_checker (V300), on real PostgreSQL: writes outside its
 * grants are refused (42501), what it needs is allowed. Statements run in a rolled-back transaction, most
 * with {@code where false}: privileges are checked before any row is.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class DatabaseRoleTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String REFUSED = "42501";

    @Inject
    Pool pool;

    @Test
    void theServiceConnectsAsAMemberOfItsRoleAndNothingMore() {
        assertThat(pool.query("select pg_has_role(current_user, 'freshet_checker', 'member') as member, "
                + "(select rolsuper from pg_roles where rolname = current_user) as superuser").execute().await().atMost(WAIT)
                .iterator().next().toJson().getMap()).containsEntry("member", true).containsEntry("superuser", false);
    }

    @Test
    void writesOutsideItsGrantsAreRefused() {
        assertThat(refusal("delete from quotes where false")).as("a data type's target table").isEqualTo(REFUSED);
        assertThat(refusal("update data_type_registry set enabled = enabled where false")).as("the registry").isEqualTo(REFUSED);
        assertThat(refusal("insert into audit_log (actor, action, entity_type, entity_id) select actor, action, entity_type, entity_id from audit_log where false")).as("the audit log").isEqualTo(REFUSED);
        assertThat(refusal("update provider_quotas set calls_per_minute = calls_per_minute where false")).as("quotas").isEqualTo(REFUSED);
    }

    @Test
    void whatItNeedsIsAllowed() {
        assertThat(refusal("delete from data_freshness where false")).as("freshness").isNull();
        assertThat(refusal("select freshet_ensure_history_partitions(current_date, 0)")).as("history partitions").isNull();
        assertThat(refusal("delete from refresh_jobs where false")).as("lease recovery").isNull();
    }

    /** @return the SQLSTATE the statement failed with, or null when it ran; rolled back either way */
    private String refusal(String sql) {
        SqlConnection c = pool.getConnection().await().atMost(WAIT);
        try {
            c.query("begin").execute().await().atMost(WAIT);
            try {
                c.query(sql).execute().await().atMost(WAIT);
                return null;
            } catch (PgException e) {
                return e.getSqlState();
            } finally {
                c.query("rollback").execute().await().atMost(WAIT);
            }
        } finally {
            c.close().await().atMost(WAIT);
        }
    }
}
