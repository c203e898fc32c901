package dev.freshet.testsupport.edge;

import dev.freshet.testsupport.ManagementInterface;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The edge tests of a service that serves nothing on its application port (processor, checker): the shared
 * bad-request corpus and framing cases, and health, metrics and API documents on the management port only.
 * The service's {@code BadRequestEdgeTest} extends it, naming the tables its own loops write meanwhile.
 */
public abstract class OperationsOnlyEdgeContract {

    private final Set<String> tablesItsLoopsWrite;

    /** @param tablesItsLoopsWrite tables the service's background loops write on their own while the corpus runs */
    protected OperationsOnlyEdgeContract(Set<String> tablesItsLoopsWrite) {
        this.tablesItsLoopsWrite = tablesItsLoopsWrite;
    }

    @Test
    public void generatedBadRequestsAreAnsweredWithProblemsAndWriteNothing() {
        int problems = OperationsOnlyEdge.corpus(applicationPort(), tablesItsLoopsWrite);
        assertTrue(problems > 500, () -> "only " + problems + " generated requests were answered with a problem");
    }

    @Test
    public void ambiguousFramingIsAnsweredAtOnceAndTheConnectionClosed() {
        OperationsOnlyEdge.framing(applicationPort());
    }

    @Test
    public void healthMetricsAndApiDocumentsAreServedOnTheManagementPortOnly() {
        ManagementInterface.assertServedOnlyOnTheManagementPort(applicationPort());
    }

    /** The port the application under test listens on; Quarkus publishes the free port it took (test-port 0). */
    private static int applicationPort() {
        String port = System.getProperty("quarkus.http.test-port");
        if (port == null || port.equals("0")) {
            throw new IllegalStateException("no application started in this JVM");
        }
        return Integer.parseInt(port);
    }
}
