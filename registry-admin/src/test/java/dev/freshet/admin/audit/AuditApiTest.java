package dev.freshet.admin.audit;

import dev.freshet.testsupport.ManagementInterface;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.freshet.admin.AdminApi.asAdmin;
import static dev.freshet.admin.AdminApi.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class AuditApiTest {

    @Test
    void listsChangesNewestFirstWithWhoBeforeAndAfter() {
        asAdmin().body(Map.of("enabled", true, "description", "first")).put("/api/v1/flags/audited_flag").then().statusCode(200);
        asAdmin().body(Map.of("enabled", false)).put("/api/v1/flags/audited_flag").then().statusCode(200);

        var page = asViewer().get("/api/v1/audit?entityType=flag&entityId=audited_flag&limit=1").then().statusCode(200)
                .body("items[0].action", equalTo("update"))
                .body("items[0].actor", equalTo("admin"))
                .body("items[0].before.enabled", equalTo(true))
                .body("items[0].after.enabled", equalTo(false))
                .extract().jsonPath();
        asViewer().get("/api/v1/audit?entityType=flag&entityId=audited_flag&cursor=" + page.getString("nextCursor"))
                .then().statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].action", equalTo("create"))
                .body("items[0].before", org.hamcrest.Matchers.nullValue());
        assertThat(page.getString("items[0].at")).endsWith("Z");
        io.restassured.RestAssured.given().port(ManagementInterface.port()).get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("freshet_admin_changes_total{action=\"set\",entity=\"flag\""));
    }

    @Test
    void rejectsUnknownFilters() {
        asViewer().get("/api/v1/audit?entityType=users").then().statusCode(400).contentType("application/problem+json");
        asViewer().get("/api/v1/audit?since=last-week").then().statusCode(400);
    }
}
