package dev.freshet.admin.security;

import dev.freshet.admin.TestData;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import static dev.freshet.admin.AdminApi.ADMIN;
import static dev.freshet.admin.AdminApi.ADMIN_PASSWORD;
import static dev.freshet.testsupport.rows.JobRow.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class CrossSiteRequestsTest {

    private final TestSql sql = TestSql.current();

    /** What a browser sends for a form on another site, the operator's cached Basic credentials included. */
    private static RequestSpecification crossSiteForm() {
        return given().auth().preemptive().basic(ADMIN, ADMIN_PASSWORD)
                .contentType("application/x-www-form-urlencoded; charset=UTF-8").formParam("x", "1");
    }

    @Test
    void aCrossSiteFormPostCannotCancelRetryOrResetAndChangesNothing() {
        TestData.copyDataType(sql, "profile", "csrf-cancel", "fmp");
        long pending = job("csrf-cancel", "CS1").insert(sql);

        crossSiteForm().post("/api/v1/queue/jobs/" + pending + "/cancel")
                .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
        crossSiteForm().post("/api/v1/queue/jobs/" + pending + "/retry").then().statusCode(403);
        crossSiteForm().post("/api/v1/aggregation/CS1/5m/reset").then().statusCode(403);
        given().auth().preemptive().basic(ADMIN, ADMIN_PASSWORD).contentType("text/plain").body("x")
                .post("/api/v1/queue/jobs/" + pending + "/cancel").then().statusCode(403);

        assertThat(sql.value("select status from refresh_jobs where job_id = ?", pending)).isEqualTo("pending");
        assertThat(sql.count("select count(*) from audit_log where entity_type = 'job' and entity_id = ?", String.valueOf(pending))).isZero();
    }

    @Test
    void theUisMarkerOrAJsonBodyLetsTheSameWriteThrough() {
        TestData.copyDataType(sql, "profile", "csrf-allowed", "fmp");
        long pending = job("csrf-allowed", "CS2").insert(sql);

        given().auth().preemptive().basic(ADMIN, ADMIN_PASSWORD).header("X-Requested-With", "XMLHttpRequest")
                .post("/api/v1/queue/jobs/" + pending + "/cancel").then().statusCode(200);
        assertThat(sql.count("select count(*) from refresh_jobs where job_id = ?", pending)).isZero();
    }

    @Test
    void theUiIsServedWithAStrictContentSecurityPolicyAndNoFraming() {
        given().get("/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", containsString("connect-src 'self' http://localhost:8081"))
                .header("Content-Security-Policy", containsString("script-src 'self' http://localhost:8081"))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Referrer-Policy", equalTo("no-referrer"));
        given().get("/ui/app.js").then().statusCode(200).header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Content-Security-Policy", containsString("default-src 'self'"));
    }
}
