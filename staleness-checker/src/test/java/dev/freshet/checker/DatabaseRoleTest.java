package dev.freshet.checker;

import dev.freshet.testsupport.DatabaseRoleContract;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The checker runs as its database role, freshet_checker (V300), on real PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class DatabaseRoleTest extends DatabaseRoleContract {

    DatabaseRoleTest() {
        super(Grants.of("freshet_checker", "update data_type_registry set display_name = display_name where false")
                .refused("a data type's target table", "delete from quotes where false")
                .refused("the audit log", "insert into audit_log (actor, action, entity_type, entity_id) select actor, action, entity_type, entity_id from audit_log where false")
                .refused("quotas", "update provider_quotas set calls_per_minute = calls_per_minute where false")
                .allowed("freshness", "delete from data_freshness where false")
                .allowed("history partitions", "select freshet_ensure_history_partitions(current_date, 0)")
                .allowed("lease recovery", "delete from refresh_jobs where false"));
    }
}
