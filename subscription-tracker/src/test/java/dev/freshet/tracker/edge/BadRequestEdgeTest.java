package dev.freshet.tracker.edge;

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

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.freshet.tracker.Api.token;
import static org.assertj.core.api.Assertions.assertThat;

/** The shared bad-request corpus and framing cases against the tracker's front-end API. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class BadRequestEdgeTest {

    private static final List<Endpoint> ENDPOINTS = List.of(
            Endpoint.send("POST", "/v1/subscriptions", Map.of(),
                    "{\"clientId\":\"{{client}}\",\"symbol\":\"AAPL\",\"dataTypes\":[\"profile\",\"quote\"]}"),
            Endpoint.send("POST", "/v1/subscriptions/batch", Map.of(),
                    "{\"clientId\":\"{{client}}\",\"symbols\":[\"AAPL\",\"MSFT\"],\"dataTypes\":[\"quote\"]}"),
            Endpoint.send("POST", "/v1/heartbeat", Map.of(), "{\"clientId\":\"{{client}}\"}"),
            Endpoint.get("/v1/freshness/{symbol}", Map.of("symbol", "AAPL"), Map.of("dataTypes", "profile,quote")),
            Endpoint.get("/v1/data/{dataType}/{symbol}", Map.of("dataType", "profile", "symbol", "AAPL"), Map.of()),
            new Endpoint("DELETE", "/v1/subscriptions/{clientId}/{symbol}", Map.of("clientId", "edge-x", "symbol", "AAPL"), Map.of(), null));

    @Test
    void generatedBadRequestsAreAnsweredWithProblemsAndWriteNothing() {
        BadRequestCorpus corpus = new BadRequestCorpus(ENDPOINTS,
                i -> Map.of("Authorization", "Bearer " + token("edge-" + i)), i -> "edge-" + i);
        int problems = EdgeProbe.run(RestAssured.port, corpus, 1200, PostgresTestResource.current(), Set.of());
        assertThat(problems).isGreaterThan(900);
    }

    @Test
    void ambiguousFramingIsAnsweredAtOnceAndTheConnectionClosed() {
        FramingProbe.run(RestAssured.port, "/v1/subscriptions", "Bearer " + token("edge-framing"));
    }

    @Test
    void healthMetricsAndApiDocumentsAreServedOnTheManagementPortOnly() {
        ManagementInterface.assertServedOnlyOnTheManagementPort(RestAssured.port);
    }
}
