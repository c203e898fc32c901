package dev.freshet.admin;

import dev.freshet.testsupport.DatabaseRoleContract;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The registry admin runs as its database role, freshet_admin (V300), on real PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class DatabaseRoleTest extends DatabaseRoleContract {

    DatabaseRoleTest() {
        super(Grants.of("freshet_admin", "update quotes set refreshed_at = refreshed_at where false")
                .refused("a data type's target table", "delete from quotes where false")
                .refused("quota usage", "delete from api_usage where false")
                .refused("circuit state", "update provider_circuit_state set state = state where false")
                .refused("the checker's maintenance", "select freshet_ensure_history_partitions(current_date, 0)")
                .allowed("the registry", "update data_type_registry set ttl_seconds = ttl_seconds where false")
                .allowed("local users", "delete from admin_local_users where false")
                .allowed("reading a target for explain", "select count(*) from quotes"));
    }
}
