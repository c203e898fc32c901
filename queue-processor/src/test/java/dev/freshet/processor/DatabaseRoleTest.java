package dev.freshet.processor;

import dev.freshet.testsupport.DatabaseRoleContract;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.UpstreamStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The processor runs as its database role, freshet_processor (V300), on real PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
class DatabaseRoleTest extends DatabaseRoleContract {

    DatabaseRoleTest() {
        super(Grants.of("freshet_processor", "update feature_flags set enabled = enabled where false")
                .refused("the registry, beyond its estimated_bytes", "update data_type_registry set ttl_seconds = ttl_seconds where false")
                .refused("the admin's users", "delete from admin_local_users where false")
                .refused("presence", "update active_subscriptions set last_seen_at = last_seen_at where false")
                .refused("the checker's maintenance", "select freshet_ensure_history_partitions(current_date, 0)")
                .allowed("writing a target", "delete from quotes where false")
                .allowed("learning a type's response size", "update data_type_registry set estimated_bytes = estimated_bytes where false")
                .allowed("circuit state", "update provider_circuit_state set state = state where false"));
    }
}
