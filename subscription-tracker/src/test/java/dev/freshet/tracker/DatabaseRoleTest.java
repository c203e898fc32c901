package dev.freshet.tracker;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.ServiceRoles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.freshet.testsupport.ServiceRoles.REFUSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tracker runs as its database role, freshet_tracker (V300), on real PostgreSQL: its connections are a login
 * in that role and nothing more, writes outside the role's grants are refused, what it needs is allowed.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class DatabaseRoleTest {

    private static final String ROLE = "freshet_tracker";

    @Inject
    Pool pool;

    @Test
    void itsConnectionsAreALoginOfItsRoleAndNothingMore() {
        Row me = pool.query(ServiceRoles.WHO_AM_I).execute().await().atMost(Duration.ofSeconds(10)).iterator().next();
        assertThat(me.getString("member_of")).isEqualTo(ROLE);
        assertThat(me.getBoolean("powerful")).isFalse();
        assertThatThrownBy(() -> pool.query("delete from quotes where false").execute().await().atMost(Duration.ofSeconds(10)))
                .hasMessageContaining(REFUSED);
    }

    @Test
    void writesOutsideItsGrantsAreRefused() {
        assertThat(asTracker("update data_type_registry set ttl_seconds = ttl_seconds where false")).as("the registry").isEqualTo(REFUSED);
        assertThat(asTracker("insert into quotes (symbol, refreshed_at) select symbol, refreshed_at from quotes where false")).as("a data type's target table").isEqualTo(REFUSED);
        assertThat(asTracker("delete from refresh_jobs where false")).as("the queue: enqueue and lower priorities only").isEqualTo(REFUSED);
        assertThat(asTracker("update admin_local_users set role = role where false")).as("the admin's users").isEqualTo(REFUSED);
    }

    @Test
    void whatItNeedsIsAllowed() {
        assertThat(asTracker("update active_subscriptions set last_seen_at = last_seen_at where false")).as("presence").isNull();
        assertThat(asTracker("select count(*) from quotes")).as("reading a target").isNull();
        assertThat(asTracker("update refresh_jobs set priority = priority where false")).as("enqueue").isNull();
    }

    private static String asTracker(String statement) {
        return ServiceRoles.refusal(PostgresTestResource.current(), ROLE, statement);
    }
}
