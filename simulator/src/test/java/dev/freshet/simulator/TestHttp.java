package dev.freshet.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Real HTTP against an in-process simulator, the way Freshet's clients will talk to it. */
final class TestHttp {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Simulator simulator;

    TestHttp(Simulator simulator) {
        this.simulator = simulator;
    }

    HttpResponse<String> get(String pathAndQuery) {
        return get(pathAndQuery, DEFAULT_TIMEOUT);
    }

    HttpResponse<String> get(String pathAndQuery, Duration timeout) {
        try {
            return getOrThrow(pathAndQuery, timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For tests that expect the request itself to fail (timeouts, dropped connections). */
    HttpResponse<String> getOrThrow(String pathAndQuery, Duration timeout) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(simulator.uri(pathAndQuery)).timeout(timeout).GET().build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    CompletableFuture<HttpResponse<String>> getAsync(String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(simulator.uri(pathAndQuery)).timeout(DEFAULT_TIMEOUT).GET()
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(simulator.uri(path))
                .timeout(DEFAULT_TIMEOUT)
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GET that must answer 200 with JSON; returns the parsed body. */
    JsonNode json(String pathAndQuery) {
        HttpResponse<String> response = get(pathAndQuery);
        assertThat(response.statusCode()).as("status of %s: %s", pathAndQuery, response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return parse(response.body());
    }

    static JsonNode parse(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /**
     * The JSON the simulator would send for a value computed with {@link MarketData}, read back the way a response
     * is (straight from a tree, a long field would be a LongNode where the parsed response has an IntNode).
     */
    static JsonNode tree(Object value) {
        return parse(Json.write(value));
    }
}
