package dev.freshet.testsupport;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * A real HTTP upstream (WireMock) for the queue processor's tests: every provider points at it, with short
 * circuit and retry timings so failure paths run in seconds.
 */
public class UpstreamStub implements QuarkusTestResourceLifecycleManager {

    public static final String API_KEY = "sekret-key-42";
    /** The response size limit of provider {@code bounded-p}. */
    public static final long BOUNDED_MAX_BYTES = 1_000_000;
    private static WireMockServer server;

    public static WireMockServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().containerThreads(20));
        server.start();
        String url = "http://localhost:" + server.port();
        return Map.ofEntries(
                Map.entry("freshet.providers.fmp.base-url", url),
                Map.entry("freshet.processor.default-base-url", url),
                Map.entry("FRESHET_PROVIDER_FMP_API_KEY", API_KEY),
                Map.entry("freshet.processor.poll-interval", "250ms"),
                Map.entry("freshet.processor.circuit.failure-threshold", "3"),
                Map.entry("freshet.processor.circuit.open-for", "1500ms"),
                Map.entry("freshet.processor.claim-timeout", "3s"),
                Map.entry("freshet.processor.retry-after-cap", "3s"),
                Map.entry("freshet.processor.max-throttles", "3"),
                // a provider whose answers may be at most 1 MB
                Map.entry("freshet.providers.bounded-p.base-url", url),
                Map.entry("freshet.providers.bounded-p.max-response-bytes", Long.toString(BOUNDED_MAX_BYTES)),
                Map.entry("freshet.processor.instance-id", "test-processor"));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
