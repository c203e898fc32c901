package dev.freshet.tracker;

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
 * The tracker's own connections run as its role, freshet_tracker (V300), on real PostgreSQL: writes outside its
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
        assertThat(pool.query("select pg_has_role(current_user, 'freshet_tracker', 'member') as member, "
                + "(select rolsuper from pg_roles where rolname = current_user) as superuser").execute().await().atMost(WAIT)
                .iterator().next().toJson().getMap()).containsEntry("member", true).containsEntry("superuser", false);
    }

    @Test
    void writesOutsideItsGrantsAreRefused() {
        assertThat(refusal("update data_type_registry set ttl_seconds = ttl_seconds where false")).as("the registry").isEqualTo(REFUSED);
        assertThat(refusal("delete from quotes where false")).as("a data type's target table").isEqualTo(REFUSED);
        assertThat(refusal("insert into quotes (symbol, refreshed_at) select symbol, refreshed_at from quotes where false")).as("a data type's target table").isEqualTo(REFUSED);
        assertThat(refusal("delete from refresh_jobs where false")).as("the queue: enqueue and lower priorities only").isEqualTo(REFUSED);
        assertThat(refusal("update admin_local_users set role = role where false")).as("the admin's users").isEqualTo(REFUSED);
    }

    @Test
    void whatItNeedsIsAllowed() {
        assertThat(refusal("update active_subscriptions set last_seen_at = last_seen_at where false")).as("presence").isNull();
        assertThat(refusal("select count(*) from quotes")).as("reading a target").isNull();
        assertThat(refusal("update refresh_jobs set priority = priority where false")).as("enqueue").isNull();
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
