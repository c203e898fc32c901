package dev.freshet.checker;

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
 * The checker runs as its database role, freshet_checker (V300), on real PostgreSQL: its connections are a login
 * in that role and nothing more, writes outside the role's grants are refused, what it needs is allowed.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class DatabaseRoleTest {

    private static final String ROLE = "freshet_checker";

    @Inject
    Pool pool;

    @Test
    void itsConnectionsAreALoginOfItsRoleAndNothingMore() {
        Row me = pool.query(ServiceRoles.WHO_AM_I).execute().await().atMost(Duration.ofSeconds(10)).iterator().next();
        assertThat(me.getString("member_of")).isEqualTo(ROLE);
        assertThat(me.getBoolean("powerful")).isFalse();
        assertThatThrownBy(() -> pool.query("update data_type_registry set display_name = display_name where false").execute().await().atMost(Duration.ofSeconds(10)))
                .hasMessageContaining(REFUSED);
    }

    @Test
    void writesOutsideItsGrantsAreRefused() {
        assertThat(asChecker("delete from quotes where false")).as("a data type's target table").isEqualTo(REFUSED);
        assertThat(asChecker("insert into audit_log (actor, action, entity_type, entity_id) select actor, action, entity_type, entity_id from audit_log where false")).as("the audit log").isEqualTo(REFUSED);
        assertThat(asChecker("update provider_quotas set calls_per_minute = calls_per_minute where false")).as("quotas").isEqualTo(REFUSED);
    }

    @Test
    void whatItNeedsIsAllowed() {
        assertThat(asChecker("delete from data_freshness where false")).as("freshness").isNull();
        assertThat(asChecker("select freshet_ensure_history_partitions(current_date, 0)")).as("history partitions").isNull();
        assertThat(asChecker("delete from refresh_jobs where false")).as("lease recovery").isNull();
    }

    private static String asChecker(String statement) {
        return ServiceRoles.refusal(PostgresTestResource.current(), ROLE, statement);
    }
}
