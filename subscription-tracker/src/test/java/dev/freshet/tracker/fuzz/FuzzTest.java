package dev.freshet.tracker.fuzz;

import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.freshet.tracker.Api.token;
import static org.assertj.core.api.Assertions.assertThat;

/** Random, garbled and hostile bodies and paths: whatever comes in, the answer is never a 5xx. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class FuzzTest {

    private static final String[] POST_PATHS = {"/v1/subscriptions", "/v1/subscriptions/batch", "/v1/heartbeat"};
    private static final String[] SEEDS = {
            "{\"clientId\":\"%s\",\"symbol\":\"AAPL\",\"dataTypes\":[\"profile\",\"quote\"]}",
            "{\"clientId\":\"%s\",\"symbols\":[\"AAPL\",\"MSFT\"],\"dataTypes\":[\"quote\"]}",
            "{\"clientId\":\"%s\"}",
            "{\"clientId\":\"%s\",\"dataTypes\":[\"available-exchanges\"]}"};
    private static final String[] NASTY = {"null", "true", "-1", "1e999", "\"\"", "[]", "{}", "[[[[[[[[]]]]]]]]",
            "\"profile; drop table profiles\"", "\"\\u0000\"", "\"ＡＡＰＬ\"", "\"*\"", "\"" + "A".repeat(5000) + "\"",
            "{\"$ne\":1}", "[null]", "9223372036854775808", "\"../../etc/passwd\""};

    private final Random random = new Random(20251123L);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void twoThousandFiveHundredGarbledRequestsNeverGetA5xx() throws Exception {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            String client = "fz-" + i;
            HttpRequest request = random.nextInt(4) == 0 ? randomGet(client) : randomPost(client);
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 500) {
                failures.add(r.statusCode() + " " + request.method() + " " + request.uri() + " -> " + r.body());
            } else if (r.statusCode() >= 400) {
                assertThat(r.headers().firstValue("content-type").orElse("")).as(request.uri().toString())
                        .startsWith("application/problem+json");
            }
        }
        assertThat(failures).isEmpty();
    }

    private HttpRequest randomPost(String client) {
        String body = String.format(SEEDS[random.nextInt(SEEDS.length)], client);
        body = switch (random.nextInt(5)) {
            case 0 -> replaceValue(body);
            case 1 -> truncate(body);
            case 2 -> flipBytes(body);
            case 3 -> randomText();
            default -> body;
        };
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(POST_PATHS[random.nextInt(POST_PATHS.length)]))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", random.nextInt(10) == 0 ? "text/plain" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (random.nextInt(5) > 0) {
            b.header("Authorization", "Bearer " + token(client));
        }
        return b.build();
    }

    private HttpRequest randomGet(String client) {
        String junk = URLEncoder.encode(randomText(), StandardCharsets.UTF_8);
        String path = switch (random.nextInt(6)) {
            case 0 -> "/v1/freshness/" + junk + "?dataTypes=" + junk;
            case 1 -> "/v1/data/" + junk + "/" + junk;
            case 2 -> "/v1/data/profile/" + junk;
            case 3 -> "/v1/freshness/AAPL?dataTypes=" + junk + ",profile";
            case 4 -> "/v1/subscriptions/" + junk;
            default -> "/v1/" + junk;
        };
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
        b.header("Authorization", "Bearer " + token(client));
        return random.nextBoolean() ? b.GET().build() : b.DELETE().build();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + RestAssured.port + path);
    }

    private String replaceValue(String body) {
        String[] keys = {"\"AAPL\"", "[\"profile\",\"quote\"]", "[\"quote\"]", "\"profile\"", "[\"AAPL\",\"MSFT\"]"};
        String key = keys[random.nextInt(keys.length)];
        return body.replace(key, NASTY[random.nextInt(NASTY.length)]);
    }

    private String truncate(String body) {
        return body.substring(0, random.nextInt(body.length()));
    }

    private String flipBytes(String body) {
        char[] c = body.toCharArray();
        for (int k = 0; k < 3; k++) {
            c[random.nextInt(c.length)] = (char) (random.nextInt(0x3000) + 1);
        }
        return new String(c);
    }

    private String randomText() {
        int n = random.nextInt(40);
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < n; k++) {
            b.appendCodePoint(random.nextInt(10) == 0 ? random.nextInt(0x2FFF) + 1 : random.nextInt(0x5E) + 0x20);
        }
        return b.toString();
    }
}
