package dev.freshet.launcher;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Starts the stack the way `./freshet up` does and drives one viewer's subscription to fresh data. */
class LocalStackTest {

    @TempDir
    static Path home;

    private static LocalStack stack;
    private static final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        stack = TestStacks.create(home, logs);
        stack.start(Duration.ofMinutes(3));
    }

    @AfterAll
    static void stop() throws IOException {
        TestStacks.close(stack, logs, "local-stack.log");
    }

    @Test
    void aViewerSubscribingToAMissingProfileSeesItBecomeFresh() throws Exception {
        String tracker = stack.url("subscription-tracker");
        HttpResponse<String> subscribed = post(tracker + "/v1/subscriptions",
                "{\"clientId\":\"launcher-test\",\"symbol\":\"AAPL\",\"dataTypes\":[\"profile\"]}");
        assertThat(subscribed.statusCode()).isEqualTo(200);
        assertThat(subscribed.body()).contains("missing");

        await().atMost(Duration.ofSeconds(30)).until(() ->
                get(tracker + "/v1/freshness/AAPL?dataTypes=profile").body().contains("fresh"));

        assertThat(get(tracker + "/v1/data/profile/AAPL").body()).contains("AAPL");
        assertThat(stack.simulator().stats().requests("profile")).isPositive();
    }

    @Test
    void everyServiceIsReadyAndTheAdminKnowsTheRegistry() throws Exception {
        assertThat(stack.services()).allMatch(ServiceProcess::alive);
        String auth = java.util.Base64.getEncoder().encodeToString(
                (stack.adminUser() + ":" + stack.adminPasswordValue()).getBytes());
        HttpResponse<String> registry = http.send(HttpRequest.newBuilder(URI.create(stack.url("registry-admin") + "/api/v1/registry"))
                .header("Authorization", "Basic " + auth).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(registry.statusCode()).isEqualTo(200);
        assertThat(registry.body()).contains("profile");
    }

    @Test
    void theEmbeddedDatabaseKeepsItsFilesInTheLauncherHome() {
        assertThat(home.resolve("pgdata/PG_VERSION")).exists();
        assertThat(home.resolve("admin-password")).exists();
    }

    private static HttpResponse<String> post(String url, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

}
