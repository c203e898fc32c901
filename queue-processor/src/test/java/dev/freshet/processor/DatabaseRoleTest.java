package dev.freshet.processor;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.ServiceRoles;
import dev.freshet.testsupport.UpstreamStub;
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
 * The processor runs as its database role, freshet_processor (V300), on real PostgreSQL: its connections are a login
 * in that role and nothing more, writes outside the role's grants are refused, what it needs is allowed.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
class DatabaseRoleTest {

    private static final String ROLE = "freshet_processor";

    @Inject
    Pool pool;

    @Test
    void itsConnectionsAreALoginOfItsRoleAndNothingMore() {
        Row me = pool.query(ServiceRoles.WHO_AM_I).execute().await().atMost(Duration.ofSeconds(10)).iterator().next();
        assertThat(me.getString("member_of")).isEqualTo(ROLE);
        assertThat(me.getBoolean("powerful")).isFalse();
        assertThatThrownBy(() -> pool.query("update feature_flags set enabled = enabled where false").execute().await().atMost(Duration.ofSeconds(10)))
                .hasMessageContaining(REFUSED);
    }

    @Test
    void writesOutsideItsGrantsAreRefused() {
        assertThat(asProcessor("update data_type_registry set ttl_seconds = ttl_seconds where false")).as("the registry, beyond its estimated_bytes").isEqualTo(REFUSED);
        assertThat(asProcessor("delete from admin_local_users where false")).as("the admin's users").isEqualTo(REFUSED);
        assertThat(asProcessor("update active_subscriptions set last_seen_at = last_seen_at where false")).as("presence").isEqualTo(REFUSED);
        assertThat(asProcessor("select freshet_ensure_history_partitions(current_date, 0)")).as("the checker's maintenance").isEqualTo(REFUSED);
    }

    @Test
    void whatItNeedsIsAllowed() {
        assertThat(asProcessor("delete from quotes where false")).as("writing a target").isNull();
        assertThat(asProcessor("update data_type_registry set estimated_bytes = estimated_bytes where false")).as("learning a type's response size").isNull();
        assertThat(asProcessor("update provider_circuit_state set state = state where false")).as("circuit state").isNull();
    }

    private static String asProcessor(String statement) {
        return ServiceRoles.refusal(PostgresTestResource.current(), ROLE, statement);
    }
}
