package dev.freshet.checker.edge;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.edge.OperationsOnlyEdgeContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import java.util.Set;

/** The checker serves nothing on its application port (health and metrics are on the management port). */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class BadRequestEdgeTest extends OperationsOnlyEdgeContract {

    BadRequestEdgeTest() {
        super(Set.of());
    }
}
