package dev.freshet.processor;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.UpstreamStub;
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
 * The processor's own connections run as its role, freshet_processor (V300), on real PostgreSQL: writes outside its
 * grants are refused (42501), what it needs is allowed. Statements run in a rolled-back transaction, most
 * with {@code where false}: privileges are checked before any row is.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
class DatabaseRoleTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String REFUSED = "42501";

    @Inject
    Pool pool;

    @Test
    void theServiceConnectsAsAMemberOfItsRoleAndNothingMore() {
        assertThat(pool.query("select pg_has_role(current_user, 'freshet_processor', 'member') as member, "
                + "(select rolsuper from pg_roles where rolname = current_user) as superuser").execute().await().atMost(WAIT)
                .iterator().next().toJson().getMap()).containsEntry("member", true).containsEntry("superuser", false);
    }

    @Test
    void writesOutsideItsGrantsAreRefused() {
        assertThat(refusal("update feature_flags set enabled = enabled where false")).as("flags").isEqualTo(REFUSED);
        assertThat(refusal("update data_type_registry set ttl_seconds = ttl_seconds where false")).as("the registry, beyond its estimated_bytes").isEqualTo(REFUSED);
        assertThat(refusal("delete from admin_local_users where false")).as("the admin's users").isEqualTo(REFUSED);
        assertThat(refusal("update active_subscriptions set last_seen_at = last_seen_at where false")).as("presence").isEqualTo(REFUSED);
        assertThat(refusal("select freshet_ensure_history_partitions(current_date, 0)")).as("the checker's maintenance").isEqualTo(REFUSED);
    }

    @Test
    void whatItNeedsIsAllowed() {
        assertThat(refusal("delete from quotes where false")).as("writing a target").isNull();
        assertThat(refusal("update data_type_registry set estimated_bytes = estimated_bytes where false")).as("learning a type's response size").isNull();
        assertThat(refusal("update provider_circuit_state set state = state where false")).as("circuit state").isNull();
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
