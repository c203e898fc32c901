package dev.freshet.admin;

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
 * The registry admin's own connections run as its role, freshet_admin (V300), on real PostgreSQL: writes outside its
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
        assertThat(pool.query("select pg_has_role(current_user, 'freshet_admin', 'member') as member, "
                + "(select rolsuper from pg_roles where rolname = current_user) as superuser").execute().await().atMost(WAIT)
                .iterator().next().toJson().getMap()).containsEntry("member", true).containsEntry("superuser", false);
    }

    @Test
    void writesOutsideItsGrantsAreRefused() {
        assertThat(refusal("delete from quotes where false")).as("a data type's target table").isEqualTo(REFUSED);
        assertThat(refusal("update quotes set refreshed_at = refreshed_at where false")).as("a data type's target table").isEqualTo(REFUSED);
        assertThat(refusal("delete from api_usage where false")).as("quota usage").isEqualTo(REFUSED);
        assertThat(refusal("update provider_circuit_state set state = state where false")).as("circuit state").isEqualTo(REFUSED);
        assertThat(refusal("select freshet_ensure_history_partitions(current_date, 0)")).as("the checker's maintenance").isEqualTo(REFUSED);
    }

    @Test
    void whatItNeedsIsAllowed() {
        assertThat(refusal("update data_type_registry set ttl_seconds = ttl_seconds where false")).as("the registry").isNull();
        assertThat(refusal("delete from admin_local_users where false")).as("local users").isNull();
        assertThat(refusal("select count(*) from quotes")).as("reading a target for explain").isNull();
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
