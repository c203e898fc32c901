package dev.freshet.processor.edge;

import dev.freshet.processor.UpstreamStub;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.edge.BadRequestCorpus;
import dev.freshet.testsupport.edge.EdgeProbe;
import dev.freshet.testsupport.edge.Endpoint;
import dev.freshet.testsupport.edge.FramingProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared bad-request corpus and framing cases against the processor, which serves only health and metrics. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
class BadRequestEdgeTest {

    private static final List<Endpoint> ENDPOINTS = List.of(
            Endpoint.get("/q/health/{check}", Map.of("check", "ready"), Map.of()),
            Endpoint.get("/q/metrics", Map.of(), Map.of("name", "freshet")),
            Endpoint.send("POST", "/v1/{thing}", Map.of("thing", "jobs"), "{\"dataType\":\"quote\",\"symbol\":\"AAPL\"}"));

    @Test
    void generatedBadRequestsAreAnsweredWithProblemsAndWriteNothing() {
        BadRequestCorpus corpus = new BadRequestCorpus(ENDPOINTS, i -> Map.of(), i -> "edge-" + i);
        int problems = EdgeProbe.run(RestAssured.port, corpus, 1000, PostgresTestResource.current(), Set.of());
        assertThat(problems).isGreaterThan(500);
    }

    @Test
    void ambiguousFramingIsAnsweredAtOnceAndTheConnectionClosed() {
        FramingProbe.run(RestAssured.port, "/v1/jobs", null);
    }
}
