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
    private static WireMockServer server;

    public static WireMockServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().containerThreads(20));
        server.start();
        String url = "http://localhost:" + server.port();
        return Map.of(
                "freshet.providers.fmp.base-url", url,
                "freshet.processor.default-base-url", url,
                "FRESHET_PROVIDER_FMP_API_KEY", API_KEY,
                "freshet.processor.poll-interval", "250ms",
                "freshet.processor.circuit.failure-threshold", "3",
                "freshet.processor.circuit.open-for", "1500ms",
                "freshet.processor.instance-id", "test-processor");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
