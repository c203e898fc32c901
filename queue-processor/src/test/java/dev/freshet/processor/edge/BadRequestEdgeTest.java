package dev.freshet.processor.edge;

import dev.freshet.testsupport.ManagementInterface;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.UpstreamStub;
import dev.freshet.testsupport.edge.OperationsOnlyEdge;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared bad-request corpus and framing cases against the processor, which serves nothing on its application port (health and metrics are on the management port). */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
class BadRequestEdgeTest {

    @Test
    void generatedBadRequestsAreAnsweredWithProblemsAndWriteNothing() {
        // the claim loops record provider circuit state on their own while the corpus runs
        assertThat(OperationsOnlyEdge.corpus(RestAssured.port, Set.of("provider_circuit_state"))).isGreaterThan(500);
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
