package dev.freshet.checker.edge;

import dev.freshet.testsupport.ManagementInterface;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.edge.OperationsOnlyEdge;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared bad-request corpus and framing cases against the checker, which serves nothing on its application port (health and metrics are on the management port). */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class BadRequestEdgeTest {

    @Test
    void generatedBadRequestsAreAnsweredWithProblemsAndWriteNothing() {
        assertThat(OperationsOnlyEdge.corpus(RestAssured.port, Set.of())).isGreaterThan(500);
    }

    @Test
    void ambiguousFramingIsAnsweredAtOnceAndTheConnectionClosed() {
        OperationsOnlyEdge.framing(RestAssured.port);
    }

    @Test
    void healthMetricsAndApiDocumentsAreServedOnTheManagementPortOnly() {
        ManagementInterface.assertServedOnlyOnTheManagementPort(RestAssured.port);
    }
}
