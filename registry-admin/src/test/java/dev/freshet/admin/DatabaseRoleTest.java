package dev.freshet.admin;

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
 * The registry admin runs as its database role, freshet_admin (V300), on real PostgreSQL: its connections are a login
 * in that role and nothing more, writes outside the role's grants are refused, what it needs is allowed.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class DatabaseRoleTest {

    private static final String ROLE = "freshet_admin";

    @Inject
    Pool pool;

    @Test
    void itsConnectionsAreALoginOfItsRoleAndNothingMore() {
        Row me = pool.query(ServiceRoles.WHO_AM_I).execute().await().atMost(Duration.ofSeconds(10)).iterator().next();
        assertThat(me.getString("member_of")).isEqualTo(ROLE);
        assertThat(me.getBoolean("powerful")).isFalse();
        assertThatThrownBy(() -> pool.query("update quotes set refreshed_at = refreshed_at where false").execute().await().atMost(Duration.ofSeconds(10)))
                .hasMessageContaining(REFUSED);
    }

    @Test
    void writesOutsideItsGrantsAreRefused() {
        assertThat(asAdmin("delete from quotes where false")).as("a data type's target table").isEqualTo(REFUSED);
        assertThat(asAdmin("delete from api_usage where false")).as("quota usage").isEqualTo(REFUSED);
        assertThat(asAdmin("update provider_circuit_state set state = state where false")).as("circuit state").isEqualTo(REFUSED);
        assertThat(asAdmin("select freshet_ensure_history_partitions(current_date, 0)")).as("the checker's maintenance").isEqualTo(REFUSED);
    }

    @Test
    void whatItNeedsIsAllowed() {
        assertThat(asAdmin("update data_type_registry set ttl_seconds = ttl_seconds where false")).as("the registry").isNull();
        assertThat(asAdmin("delete from admin_local_users where false")).as("local users").isNull();
        assertThat(asAdmin("select count(*) from quotes")).as("reading a target for explain").isNull();
    }

    private static String asAdmin(String statement) {
        return ServiceRoles.refusal(PostgresTestResource.current(), ROLE, statement);
    }
}
