package dev.freshet.admin.providers;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.freshet.admin.AdminApi.anonymous;
import static dev.freshet.admin.AdminApi.asAdmin;
import static dev.freshet.admin.AdminApi.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class ProviderApiTest {

    private final TestSql sql = TestSql.current();

    @BeforeEach
    void providers() {
        sql.forgetProviders("papi%");
        sql.update("insert into provider_quotas (provider, calls_per_minute) values ('papi-a', 10), ('papi-b', 10)");
        sql.update("""
                insert into provider_circuit_state (provider, instance_id, state, changed_at, open_until, last_error)
                values ('papi-a', 'p1', 'open', now() - interval '1 minute', timestamptz '2030-01-01 00:05:00+00', 'HTTP 503'),
                       ('papi-a', 'p2', 'open', now() - interval '1 minute', timestamptz '2030-01-01 00:01:00+00', 'HTTP 503'),
                       ('papi-a', 'p3', 'closed', now() - interval '1 minute', null, null)""");
    }

    @Test
    void listsTheCircuitPerProviderWithTheLatestOpenUntil() {
        asViewer().get("/api/v1/providers").then().statusCode(200)
                .body("find { it.provider == 'papi-a' }.circuitState", equalTo("open"))
                .body("find { it.provider == 'papi-a' }.openUntil", equalTo("2030-01-01T00:05:00Z"))
                .body("find { it.provider == 'papi-a' }.openInstances", equalTo(2))
                .body("find { it.provider == 'papi-a' }.instances", equalTo(3))
                .body("find { it.provider == 'papi-b' }.circuitState", equalTo("closed"))
                .body("find { it.provider == 'papi-b' }.paused", equalTo(false))
                .body("find { it.provider == 'papi-b' }.pause", nullValue());
    }

    @Test
    void anAdminPausesAndResumesAProviderAndBothAreAudited() {
        asAdmin().body("{\"reason\": \"upstream maintenance\"}").post("/api/v1/providers/papi-b/pause").then().statusCode(204);
        assertThat(sql.rows("select paused_by, reason from provider_pauses where provider = 'papi-b'").get(0))
                .containsEntry("paused_by", "admin").containsEntry("reason", "upstream maintenance");
        asViewer().get("/api/v1/providers").then().statusCode(200)
                .body("find { it.provider == 'papi-b' }.paused", equalTo(true))
                .body("find { it.provider == 'papi-b' }.pause.pausedBy", equalTo("admin"))
                .body("find { it.provider == 'papi-b' }.pause.pausedAt", notNullValue());

        asAdmin().header("X-Requested-With", "test").post("/api/v1/providers/papi-b/resume").then().statusCode(204);
        assertThat(sql.count("select count(*) from provider_pauses where provider = 'papi-b'")).isZero();
        assertThat(sql.rows("select action, actor from audit_log where entity_type = 'quota' and entity_id = 'papi-b' order by audit_id"))
                .extracting(r -> r.get("action") + "/" + r.get("actor")).containsExactly("pause/admin", "resume/admin");
    }

    @Test
    void badOrRepeatedRequestsAreProblemsAndChangeNothing() {
        asAdmin().body("{}").post("/api/v1/providers/papi-b/resume").then().statusCode(409).contentType("application/problem+json");
        asAdmin().body("{}").post("/api/v1/providers/papi-nope/pause").then().statusCode(404).contentType("application/problem+json");
        asAdmin().body("{}").post("/api/v1/providers/Not_A_Name/pause").then().statusCode(400).contentType("application/problem+json");
        asAdmin().body("{\"reason\": \"" + "x".repeat(501) + "\"}").post("/api/v1/providers/papi-b/pause").then().statusCode(400)
                .contentType("application/problem+json");
        asAdmin().body("{\"reason\": ").post("/api/v1/providers/papi-b/pause").then().statusCode(400)
                .contentType("application/problem+json");
        asViewer().body("{}").post("/api/v1/providers/papi-b/pause").then().statusCode(403);
        anonymous().get("/api/v1/providers").then().statusCode(401);
        assertThat(sql.count("select count(*) from provider_pauses where provider like 'papi%'")).isZero();

        asAdmin().body("{}").post("/api/v1/providers/papi-b/pause").then().statusCode(204);
        asAdmin().body("{}").post("/api/v1/providers/papi-b/pause").then().statusCode(409).contentType("application/problem+json");
        assertThat(sql.count("select count(*) from audit_log where entity_type = 'quota' and entity_id = 'papi-b'")).isEqualTo(1);
    }
}
