package dev.freshet.admin.flags;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.freshet.admin.AdminApi.asAdmin;
import static dev.freshet.admin.AdminApi.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class FlagApiTest {

    private final TestSql sql = TestSql.current();

    @Test
    void listsAndGetsTheSeededFlags() {
        asViewer().get("/api/v1/flags").then().statusCode(200)
                .body("name", hasItems("use_queue_system", "use_presence_tracking", "use_scheduled_refreshes"));
        asViewer().get("/api/v1/flags/use_queue_system").then().statusCode(200).body("enabled", equalTo(true));
        asViewer().get("/api/v1/flags/no_such_flag").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void settingAFlagWithAPerDataTypeRolloutWritesItAndAuditsIt() {
        asAdmin().body(Map.of("enabled", true, "description", "rollout test",
                        "metadata", Map.of("dataTypes", Map.of("quote", false))))
                .put("/api/v1/flags/rollout_flag").then().statusCode(200)
                .body("enabled", equalTo(true)).body("metadata.dataTypes.quote", equalTo(false))
                .body("updatedBy", equalTo("admin"));

        // leaving metadata out keeps the rollout; only enabled changes
        asAdmin().body(Map.of("enabled", false)).put("/api/v1/flags/rollout_flag").then().statusCode(200)
                .body("metadata.dataTypes.quote", equalTo(false)).body("description", equalTo("rollout test"));

        assertThat(sql.rows("""
                select action || ':' || coalesce(before ->> 'enabled', '-') || ':' || (after ->> 'enabled') as change, actor
                from audit_log where entity_type = 'flag' and entity_id = 'rollout_flag' order by audit_id"""))
                .containsExactly(Map.of("change", "create:-:true", "actor", "admin"),
                        Map.of("change", "update:true:false", "actor", "admin"));
    }

    @Test
    void invalidFlagChangesAre400AndWriteNothing() {
        long audit = sql.count("select count(*) from audit_log");
        asAdmin().body(Map.of("description", "no enabled")).put("/api/v1/flags/use_queue_system").then().statusCode(400);
        asAdmin().body(Map.of("enabled", true)).put("/api/v1/flags/Bad-Name").then().statusCode(400);
        asAdmin().body(Map.of("enabled", true)).put("/api/v1/flags/x';drop table feature_flags;--").then().statusCode(400);
        asAdmin().body(Map.of("enabled", true, "metadata", "on")).put("/api/v1/flags/use_queue_system").then().statusCode(400);
        asAdmin().body(Map.of("enabled", true, "metadata", Map.of("dataTypes", Map.of("quote", "no"))))
                .put("/api/v1/flags/use_queue_system").then().statusCode(400);
        asAdmin().body(Map.of("enabled", false, "metadata", Map.of("dataTypes", Map.of("no-such-type", true))))
                .put("/api/v1/flags/use_queue_system").then().statusCode(400)
                .body("errors[0]", org.hamcrest.Matchers.containsString("no-such-type"));
        assertThat(sql.count("select count(*) from audit_log")).isEqualTo(audit);
        assertThat(sql.value("select enabled from feature_flags where flag_name = 'use_queue_system'")).isEqualTo(true);
        assertThat(sql.value("select metadata::text from feature_flags where flag_name = 'use_queue_system'")).isEqualTo("{}");
    }
}
