package dev.freshet.processor.edge;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.UpstreamStub;
import dev.freshet.testsupport.edge.OperationsOnlyEdgeContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import java.util.Set;

/** The processor serves nothing on its application port (health and metrics are on the management port). */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
class BadRequestEdgeTest extends OperationsOnlyEdgeContract {

    BadRequestEdgeTest() {
        // the claim loops record provider circuit state on their own while the corpus runs
        super(Set.of("provider_circuit_state"));
    }
}
