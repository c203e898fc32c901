package dev.freshet.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The management interface of the Quarkus application under test (health, metrics, the OpenAPI document,
 * Swagger UI): its port, and the check that those paths are served there and nowhere on the application port.
 */
public final class ManagementInterface {

    /** What every service serves on its management interface only. */
    public static final List<String> PATHS = List.of(
            "/q/health", "/q/health/live", "/q/health/ready", "/q/health/started", "/q/metrics", "/q/openapi", "/q/swagger-ui/");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ManagementInterface() {
    }

    /** The port the management interface listens on; Quarkus publishes the free port it took (test-port 0). */
    public static int port() {
        String port = System.getProperty("quarkus.management.test-port");
        if (port == null || port.equals("0")) {
            throw new IllegalStateException("no management interface started in this JVM");
        }
        return Integer.parseInt(port);
    }

    /** Fails unless every {@link #PATHS path} answers on the management port and is unknown (404) on the application port. */
    public static void assertServedOnlyOnTheManagementPort(int applicationPort) {
        List<String> faults = new ArrayList<>();
        for (String path : PATHS) {
            int app = status(applicationPort, path);
            int management = status(port(), path);
            if (app != 404) {
                faults.add(path + " answered " + app + " on the application port " + applicationPort);
            }
            if (management == 404) {
                faults.add(path + " is not served on the management port " + port());
            }
        }
        if (!faults.isEmpty()) {
            throw new AssertionError(String.join("\n", faults));
        }
    }

    public static int status(int port, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(15)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " on port " + port + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
