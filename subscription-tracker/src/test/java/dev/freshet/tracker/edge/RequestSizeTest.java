package dev.freshet.tracker.edge;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.freshet.tracker.Api.as;
import static dev.freshet.tracker.Api.newClient;
import static dev.freshet.tracker.Api.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** The body limit (64 KiB, before parsing) and a batch refused as soon as it passes its size. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class RequestSizeTest {

    private static final String PROBLEM = "application/problem+json";

    private final TestSql sql = TestSql.current();

    @TestHTTPResource("/")
    URI base;

    @Test
    void aBodyPastSixtyFourKibIs413ProblemAndNothingIsWritten() {
        String client = newClient("big");
        String padding = "A".repeat(64 * 1024);
        as(client).body("{\"clientId\":\"" + client + "\",\"symbol\":\"" + padding + "\",\"dataTypes\":[\"quote\"]}")
                .post("/v1/subscriptions")
                .then().statusCode(413).contentType(PROBLEM)
                .body("status", equalTo(413))
                .body("detail", equalTo("the request body is larger than 65536 bytes"));
        assertThat(sql.count("select count(*) from active_subscriptions where client_id = ?", client)).isZero();
    }

    @Test
    void overHttp2AnOversizedBodyIs413AndTheOtherStreamsOfItsConnectionCarryOn() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(10)).build();
        String reader = newClient("h2-reader");
        HttpRequest read = HttpRequest.newBuilder(base.resolve("/v1/freshness/AAPL?dataTypes=quote"))
                .header("X-Client-Id", reader).header("Authorization", "Bearer " + token(reader)).build();
        HttpResponse<String> first = http.send(read, HttpResponse.BodyHandlers.ofString());
        assertThat(first.version()).as("the connection was upgraded to HTTP/2 (h2c)").isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(first.statusCode()).isEqualTo(200);

        String client = newClient("h2-big");
        HttpRequest big = HttpRequest.newBuilder(base.resolve("/v1/subscriptions")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"clientId\":\"" + client + "\",\"symbol\":\"" + "A".repeat(70 * 1024)
                        + "\",\"dataTypes\":[\"quote\"]}")).build();
        CompletableFuture<HttpResponse<String>> refused = http.sendAsync(big, HttpResponse.BodyHandlers.ofString());
        List<CompletableFuture<HttpResponse<String>>> others = IntStream.range(0, 8)
                .mapToObj(i -> http.sendAsync(read, HttpResponse.BodyHandlers.ofString())).toList();

        HttpResponse<String> r = refused.get(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith(PROBLEM));
        assertThat(r.body()).contains("the request body is larger than 65536 bytes");
        for (CompletableFuture<HttpResponse<String>> other : others) {
            assertThat(other.get(30, TimeUnit.SECONDS).statusCode()).as("a stream beside the refused one").isEqualTo(200);
        }
        assertThat(sql.count("select count(*) from active_subscriptions where client_id = ?", client)).isZero();
    }

    @Test
    void aBatchIsRefusedAtItsFiftyFirstSymbolWhileItIsRead() {
        String client = newClient("batch");
        // the 51st entry is not even a string: the list is refused before it is reached
        String symbols = IntStream.range(0, 50).mapToObj(i -> "\"S" + i + "\"").collect(Collectors.joining(","))
                + ",{\"not\":\"read\"}," + IntStream.range(0, 5000).mapToObj(i -> "\"T" + i + "\"").collect(Collectors.joining(","));
        as(client).body("{\"clientId\":\"" + client + "\",\"symbols\":[" + symbols + "],\"dataTypes\":[\"quote\"]}")
                .post("/v1/subscriptions/batch")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", equalTo("field 'symbols' holds more than 50 entries, at most 50 are allowed"));
        assertThat(sql.count("select count(*) from active_subscriptions where client_id = ?", client)).isZero();
    }

    @Test
    void aFullBatchIsStillAccepted() {
        String client = newClient("full");
        String symbols = IntStream.range(0, 50).mapToObj(i -> "\"FULL" + i + "\"").collect(Collectors.joining(","));
        as(client).body("{\"clientId\":\"" + client + "\",\"symbols\":[" + symbols + "],\"dataTypes\":[\"quote\"]}")
                .post("/v1/subscriptions/batch")
                .then().statusCode(200).body("subscriptions.size()", equalTo(50));
    }
}
