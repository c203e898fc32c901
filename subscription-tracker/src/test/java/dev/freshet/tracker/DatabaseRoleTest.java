package dev.freshet.tracker;

import dev.freshet.testsupport.DatabaseRoleContract;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The tracker runs as its database role, freshet_tracker (V300), on real PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class DatabaseRoleTest extends DatabaseRoleContract {

    DatabaseRoleTest() {
        super(Grants.of("freshet_tracker", "delete from quotes where false")
                .refused("the registry", "update data_type_registry set ttl_seconds = ttl_seconds where false")
                .refused("a data type's target table", "insert into quotes (symbol, refreshed_at) select symbol, refreshed_at from quotes where false")
                .refused("the queue: enqueue and lower priorities only", "delete from refresh_jobs where false")
                .refused("the admin's users", "update admin_local_users set role = role where false")
                .allowed("presence", "update active_subscriptions set last_seen_at = last_seen_at where false")
                .allowed("reading a target", "select count(*) from quotes")
                .allowed("enqueue", "update refresh_jobs set priority = priority where false"));
    }
}
