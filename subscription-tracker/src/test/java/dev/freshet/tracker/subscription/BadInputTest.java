package dev.freshet.tracker.subscription;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static dev.freshet.tracker.Api.as;
import static dev.freshet.tracker.Api.newClient;
import static dev.freshet.tracker.Api.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class BadInputTest {

    private static final String PROBLEM = "application/problem+json";

    private final TestSql sql = TestSql.current();

    private void nothingWrittenFor(String client) {
        assertThat(sql.count("select count(*) from active_subscriptions where client_id = ?", client)).isZero();
        assertThat(sql.count("select count(*) from refresh_jobs where symbol like 'BAD%'")).isZero();
    }

    @Test
    void anUnknownDataTypeIs400AndWritesNothing() {
        String client = newClient("bad");
        as(client).body(Map.of("clientId", client, "symbol", "BAD1", "dataTypes", List.of("profile", "profil")))
                .post("/v1/subscriptions")
                .then().statusCode(400).contentType(PROBLEM)
                .body("status", equalTo(400))
                .body("detail", containsString("'profil' is unknown"));
        nothingWrittenFor(client);
    }

    @Test
    void aScheduledOnlyDataTypeIs400() {
        String client = newClient("bad");
        as(client).body(Map.of("clientId", client, "dataTypes", List.of("exchange-market-status")))
                .post("/v1/subscriptions").then().statusCode(400).contentType(PROBLEM);
        nothingWrittenFor(client);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "AAPL;DROP", "A B", "'AAPL'", "ＡＡＰＬ", "*", "TOOLONGSYMBOLXXXXXXXXXXXXXX", "-AAPL"})
    void anInvalidSymbolIs400AndWritesNothing(String symbol) {
        String client = newClient("bad");
        as(client).body(Map.of("clientId", client, "symbol", symbol, "dataTypes", List.of("profile")))
                .post("/v1/subscriptions").then().statusCode(400).contentType(PROBLEM);
        nothingWrittenFor(client);
    }

    @Test
    void aMissingSymbolForAPerSymbolDataTypeIs400() {
        String client = newClient("bad");
        as(client).body(Map.of("clientId", client, "dataTypes", List.of("profile")))
                .post("/v1/subscriptions").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("symbol is required"));
        nothingWrittenFor(client);
    }

    @Test
    void aMissingOrOverlongClientIdIs400() {
        given().contentType(ContentType.JSON).body(Map.of("symbol", "BAD3", "dataTypes", List.of("profile")))
                .post("/v1/subscriptions").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("clientId is required"));
        String huge = "x".repeat(129);
        given().contentType(ContentType.JSON).body(Map.of("clientId", huge, "symbol", "BAD3", "dataTypes", List.of("profile")))
                .post("/v1/subscriptions").then().statusCode(400).contentType(PROBLEM);
        given().contentType(ContentType.JSON).body(Map.of("clientId", "has space", "symbol", "BAD3", "dataTypes", List.of("profile")))
                .post("/v1/subscriptions").then().statusCode(400).contentType(PROBLEM);
        assertThat(sql.count("select count(*) from active_subscriptions where symbol = 'BAD3'")).isZero();
    }

    @Test
    void malformedJsonUnknownFieldsAndWrongTypesAre400() {
        String client = newClient("bad");
        as(client).body("{\"clientId\": \"" + client + "\", \"symbol\": ").post("/v1/subscriptions")
                .then().statusCode(400).contentType(PROBLEM);
        as(client).body("{\"clientId\": \"" + client + "\", \"symbol\": \"BAD4\", \"dataTypes\": [\"profile\"], \"extra\": 1}")
                .post("/v1/subscriptions").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("unknown field 'extra'"));
        as(client).body("{\"clientId\": \"" + client + "\", \"symbol\": \"BAD4\", \"dataTypes\": \"profile\"}")
                .post("/v1/subscriptions").then().statusCode(400).contentType(PROBLEM);
        as(client).body("").post("/v1/subscriptions").then().statusCode(400).contentType(PROBLEM);
        as(client).body("[]").post("/v1/subscriptions").then().statusCode(400).contentType(PROBLEM);
        nothingWrittenFor(client);
    }

    @Test
    void tooManySymbolsOrDataTypesAre400() {
        String client = newClient("bad");
        List<String> symbols = IntStream.range(0, 51).mapToObj(i -> "BADB" + i).toList();
        as(client).body(Map.of("clientId", client, "symbols", symbols, "dataTypes", List.of("quote")))
                .post("/v1/subscriptions/batch").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("at most 50"));
        List<String> types = new ArrayList<>();
        IntStream.range(0, 21).forEach(i -> types.add("quote"));
        as(client).body(Map.of("clientId", client, "symbol", "BAD5", "dataTypes", types))
                .post("/v1/subscriptions").then().statusCode(400).contentType(PROBLEM);
        nothingWrittenFor(client);
    }

    @Test
    void aCallWithoutAValidTokenIs401AndWritesNothing() {
        String client = newClient("tok");
        Map<String, Object> body = Map.of("clientId", client, "symbol", "BAD6", "dataTypes", List.of("profile"));
        given().contentType(ContentType.JSON).body(body).post("/v1/subscriptions")
                .then().statusCode(401).contentType(PROBLEM).body("detail", containsString("token is required"));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer garbage.1.x").body(body).post("/v1/subscriptions")
                .then().statusCode(401).contentType(PROBLEM);
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token("someone-else")).body(body)
                .post("/v1/subscriptions").then().statusCode(401).contentType(PROBLEM)
                .body("detail", containsString("another client"));
        String expired = jakarta.enterprise.inject.spi.CDI.current().select(dev.freshet.tracker.guard.ClientTokens.class).get()
                .issue(client, Instant.now().minusSeconds(5));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + expired).body(body).post("/v1/subscriptions")
                .then().statusCode(401).contentType(PROBLEM);
        given().get("/v1/freshness/AAPL?dataTypes=profile").then().statusCode(401).contentType(PROBLEM);
        given().delete("/v1/subscriptions/" + client).then().statusCode(401).contentType(PROBLEM);
        nothingWrittenFor(client);
    }

    @Test
    void aClientOverItsRateLimitGets429WithRetryAfter() throws Exception {
        String client = newClient("fast");
        String auth = "Bearer " + token(client);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(20);
        List<io.restassured.response.Response> answers = new ArrayList<>();
        try {
            List<java.util.concurrent.Callable<io.restassured.response.Response>> calls = IntStream.range(0, 200)
                    .<java.util.concurrent.Callable<io.restassured.response.Response>>mapToObj(i -> () ->
                            given().contentType(ContentType.JSON).header("Authorization", auth)
                                    .body(Map.of("clientId", client)).post("/v1/heartbeat"))
                    .toList();
            for (var f : pool.invokeAll(calls)) {
                answers.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        List<io.restassured.response.Response> limited = answers.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(answers).allMatch(r -> r.statusCode() == 200 || r.statusCode() == 429);
        assertThat(limited).isNotEmpty();
        assertThat(limited.get(0).contentType()).startsWith(PROBLEM);
        assertThat(Integer.parseInt(limited.get(0).header("Retry-After"))).isPositive();
    }

    @Test
    void anUnknownDataTypeToReadIs404AndAnUnknownPathIs404() {
        String client = newClient("r");
        as(client).get("/v1/data/nope/AAPL").then().statusCode(404).contentType(PROBLEM);
        as(client).get("/v1/nothing-here").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void badReadParametersAre400() {
        String client = newClient("r");
        as(client).get("/v1/data/profile/*").then().statusCode(400).contentType(PROBLEM);
        as(client).get("/v1/data/available-exchanges/AAPL").then().statusCode(400).contentType(PROBLEM);
        as(client).get("/v1/freshness/AAPL?dataTypes=nope").then().statusCode(400).contentType(PROBLEM);
        as(client).get("/v1/freshness/A;B?dataTypes=profile").then().statusCode(400).contentType(PROBLEM);
        as(client).get("/v1/events").then().statusCode(400).contentType(PROBLEM);
        as(client).get("/v1/events?symbols=A%20B").then().statusCode(400).contentType(PROBLEM)
                .header("Retry-After", org.hamcrest.Matchers.nullValue());
        as(client).get("/v1/events?symbols=AAPL&dataTypes=nope").then().statusCode(400).contentType(PROBLEM)
                .body("title", notNullValue());
    }
}
