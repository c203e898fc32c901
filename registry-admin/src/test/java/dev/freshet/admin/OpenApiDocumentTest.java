package dev.freshet.admin;

import dev.freshet.testsupport.ManagementInterface;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.freshet.shared.problem.Problem;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The served OpenAPI document describes every admin operation, its problem responses and how to authenticate. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class OpenApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    @Test
    void everyAdminOperationHasASummaryProblemResponsesIncluding401And403AndTheSecuritySchemes() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(given().port(ManagementInterface.port()).when().get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString());

        JsonNode schemes = doc.path("components").path("securitySchemes");
        assertThat(schemes.path(AdminOpenApi.BASIC).path("type").asText()).isEqualTo("http");
        assertThat(schemes.path(AdminOpenApi.BASIC).path("scheme").asText()).isEqualTo("basic");
        assertThat(schemes.path(AdminOpenApi.BEARER).path("type").asText()).isEqualTo("http");
        assertThat(schemes.path(AdminOpenApi.BEARER).path("scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.path(AdminOpenApi.BEARER).path("bearerFormat").asText()).isEqualTo("JWT");

        List<String> adminPaths = new ArrayList<>();
        List<String> faults = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            if (!path.getKey().startsWith("/api/v1/")) {
                continue;
            }
            adminPaths.add(path.getKey());
            int operations = 0;
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                operations++;
                String where = op.getKey().toUpperCase() + " " + path.getKey();
                if (op.getValue().path("summary").asText().isBlank()) {
                    faults.add(where + ": no summary");
                }
                if (!documentsAProblem(doc, op.getValue().path("responses"))) {
                    faults.add(where + ": no 4xx response with " + Problem.MEDIA_TYPE);
                }
                for (String status : List.of("401", "403")) {
                    if (!resolve(doc, op.getValue().path("responses").path(status)).path("content").has(Problem.MEDIA_TYPE)) {
                        faults.add(where + ": no " + status + " response with " + Problem.MEDIA_TYPE);
                    }
                }
                Set<String> alternatives = new HashSet<>();
                op.getValue().path("security").forEach(requirement -> requirement.fieldNames().forEachRemaining(alternatives::add));
                if (!alternatives.equals(Set.of(AdminOpenApi.BASIC, AdminOpenApi.BEARER))) {
                    faults.add(where + ": security " + alternatives + ", not basic or bearer");
                }
            }
            if (operations == 0) {
                faults.add(path.getKey() + ": no operation");
            }
        }
        assertThat(adminPaths).contains("/api/v1/registry", "/api/v1/registry/{dataType}", "/api/v1/queue/jobs",
                "/api/v1/users/{username}/password", "/api/v1/admin/explain/{dataType}/{symbol}");
        assertThat(faults).isEmpty();
    }

    private static boolean documentsAProblem(JsonNode doc, JsonNode responses) {
        for (Map.Entry<String, JsonNode> response : responses.properties()) {
            if (response.getKey().startsWith("4")
                    && resolve(doc, response.getValue()).path("content").has(Problem.MEDIA_TYPE)) {
                return true;
            }
        }
        return false;
    }

    /** A response given by reference ({@code #/components/responses/Name}) is looked up in the document. */
    private static JsonNode resolve(JsonNode doc, JsonNode response) {
        String ref = response.path("$ref").asText();
        return ref.isEmpty() ? response : doc.at(ref.substring(1));
    }
}
