package dev.freshet.checker.metrics;

import dev.freshet.checker.CheckerTestBase;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/** HTTP server timings are published with histogram buckets, so any percentile can be taken across replicas. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class TimingHistogramsTest extends CheckerTestBase {

    @Test
    void httpServerRequestsHaveHistogramBuckets() {
        given().get("/v1/does-not-exist").then().statusCode(404);

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("http_server_requests_seconds_bucket{"))
                .body(containsString("le=\"+Inf\""));
    }
}
