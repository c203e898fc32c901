package dev.freshet.testsupport.edge;

import dev.freshet.testsupport.PostgresTestResource;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The corpus and framing cases for a service that serves only health and metrics (processor, checker). */
public final class OperationsOnlyEdge {

    private static final List<Endpoint> ENDPOINTS = List.of(
            Endpoint.get("/q/health/{check}", Map.of("check", "ready"), Map.of()),
            Endpoint.get("/q/metrics", Map.of(), Map.of("name", "freshet")),
            Endpoint.send("POST", "/v1/{thing}", Map.of("thing", "jobs"), "{\"dataType\":\"quote\",\"symbol\":\"AAPL\"}"));

    private OperationsOnlyEdge() {
    }

    /**
     * @param ignoredTables tables the service's own background loops write while the corpus runs
     * @return how many of the generated requests were answered with a problem
     */
    public static int corpus(int port, Set<String> ignoredTables) {
        BadRequestCorpus corpus = new BadRequestCorpus(ENDPOINTS, i -> Map.of(), i -> "edge-" + i);
        return EdgeProbe.run(port, corpus, 1000, PostgresTestResource.current(), ignoredTables);
    }

    public static void framing(int port) {
        FramingProbe.run(port, "/v1/jobs", null);
    }
}
