package dev.freshet.admin.edge;

import dev.freshet.shared.problem.Problem;
import dev.freshet.testsupport.ManagementInterface;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.edge.BadRequestCorpus;
import dev.freshet.testsupport.edge.EdgeProbe;
import dev.freshet.testsupport.edge.Endpoint;
import dev.freshet.testsupport.edge.FramingProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.freshet.admin.AdminApi.ADMIN;
import static dev.freshet.admin.AdminApi.ADMIN_PASSWORD;
import static dev.freshet.admin.AdminApi.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.assertj.core.api.Assertions.assertThat;

/** The shared bad-request corpus and framing cases against the admin API, as the admin so requests reach validation. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class BadRequestEdgeTest {

    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString((ADMIN + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    private static final String DATA_TYPE = "{\"dataType\":\"edge-made\",\"displayName\":\"Edge made\",\"provider\":\"fmp\","
            + "\"handler\":\"http-json\",\"handlerConfig\":{\"path\":\"/stable/profile?symbol={symbol}&apikey={apiKey}\","
            + "\"records\":\"\",\"columns\":{\"company_name\":{\"field\":\"/companyName\",\"type\":\"text\"}}},"
            + "\"tableName\":\"profiles\",\"timestampColumn\":\"refreshed_at\",\"symbolColumn\":\"symbol\","
            + "\"keyColumns\":[\"symbol\"],\"scope\":\"symbol\",\"ttlSeconds\":3600,\"refreshMode\":\"on_demand\","
            + "\"priority\":5,\"tier\":\"standard\"}";
    /**
     * Each request, however the corpus breaks it, must leave the data other tests rely on alone: the
     * writes name a provider without a quota, a data type that does not exist, or an invalid quota,
     * and the reads name things that do not exist, since the corpus also tries other methods on them.
     */
    private static final String UNWRITABLE_DATA_TYPE = DATA_TYPE.replace("\"fmp\"", "\"edge-none\"");
    private static final List<Endpoint> ENDPOINTS = List.of(
            Endpoint.send("POST", "/api/v1/registry", Map.of(), UNWRITABLE_DATA_TYPE),
            Endpoint.send("PUT", "/api/v1/registry/{dataType}", Map.of("dataType", "edge-none"), UNWRITABLE_DATA_TYPE),
            Endpoint.get("/api/v1/registry/{dataType}", Map.of("dataType", "edge-none"), Map.of()),
            Endpoint.get("/api/v1/quotas/{provider}", Map.of("provider", "edge-none"), Map.of()),
            Endpoint.send("PUT", "/api/v1/quotas/{provider}", Map.of("provider", "edge-none"),
                    "{\"callsPerMinute\":-5,\"callsPerDay\":100000,\"maxConcurrency\":4}"),
            Endpoint.get("/api/v1/queue/jobs", Map.of(), Map.of("status", "queued", "dataType", "quote", "symbol", "AAPL", "limit", "10")),
            Endpoint.send("POST", "/api/v1/queue/jobs", Map.of(), "{\"dataType\":\"edge-none\",\"symbol\":\"AAPL\"}"),
            new Endpoint("DELETE", "/api/v1/registry/{dataType}", Map.of("dataType", "edge-none"), Map.of("force", "false"), null));

    @Test
    void generatedBadRequestsAreAnsweredWithProblemsAndWriteNothing() {
        BadRequestCorpus corpus = new BadRequestCorpus(ENDPOINTS, i -> Map.of("Authorization", BASIC), i -> "edge-" + i);
        int problems = EdgeProbe.run(RestAssured.port, corpus, 1200, PostgresTestResource.current(), Set.of());
        assertThat(problems).isGreaterThan(900);
    }

    @Test
    void aBooleanWhereTextBelongsIsRefusedNotCoerced() {
        asAdmin().body(DATA_TYPE.replace("\"edge-made\"", "false")).post("/api/v1/registry").then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE).body("detail", equalTo("field 'dataType' has the wrong JSON type"));
        asAdmin().get("/api/v1/registry/false").then().statusCode(404);
    }

    @Test
    void handlerConfigOfTheWrongJsonTypeIsA400() {
        asAdmin().body(DATA_TYPE.replaceFirst("\"handlerConfig\":\\{.*?}}},", "\"handlerConfig\":42,"))
                .post("/api/v1/registry").then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors", hasItem("handlerConfig must be a JSON object"));
    }

    @Test
    void textPostgresCannotStoreIsRefusedNamingTheField() {
        asAdmin().body(DATA_TYPE.replace("Edge made", "Edge\\u0000made")).post("/api/v1/registry").then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE).body("detail", containsString("displayName"));
        asAdmin().urlEncodingEnabled(false).get("/api/v1/queue/jobs?dataType=AB%00").then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE).body("detail", containsString("'dataType'"));
        asAdmin().urlEncodingEnabled(false).get("/api/v1/registry/%00").then().statusCode(400).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void aHugeArrayGetsAShortProblem() {
        StringBuilder keys = new StringBuilder("[");
        for (int i = 0; i < 100_000; i++) {
            keys.append(i == 0 ? "" : ",").append("\"k").append(i).append('"');
        }
        String body = DATA_TYPE.replace("[\"symbol\"]", keys.append(']').toString());
        String answer = asAdmin().body(body).post("/api/v1/registry").then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE).extract().asString();
        assertThat(answer.length()).isLessThan(8192);
        assertThat(answer).startsWith("{").contains("more");
    }

    @Test
    void ambiguousFramingIsAnsweredAtOnceAndTheConnectionClosed() {
        FramingProbe.run(RestAssured.port, "/api/v1/registry", BASIC);
    }

    @Test
    void healthMetricsAndApiDocumentsAreServedOnTheManagementPortOnly() {
        ManagementInterface.assertServedOnlyOnTheManagementPort(RestAssured.port);
    }
}
