package dev.freshet.deploy;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.freshet.deploy.RenderedChart.RELEASE;
import static org.assertj.core.api.Assertions.assertThat;

/** In a cluster the services log JSON lines for the log collector; tracing waits for a collector. */
class ChartLoggingTest {

    @Test
    void servicesLogJsonInTheChartAndTraceOnlyOnceACollectorIsNamed() {
        var shared = RenderedChart.defaults().get("ConfigMap", RELEASE + "-freshet-config").path("data");
        assertThat(shared.path("FRESHET_LOG_JSON").asText()).isEqualTo("true");
        assertThat(shared.has("FRESHET_OTEL_ENDPOINT")).isFalse();

        var traced = RenderedChart.with(Map.of("config.FRESHET_OTEL_ENDPOINT", "http://collector:4317"))
                .get("ConfigMap", RELEASE + "-freshet-config").path("data");
        assertThat(traced.path("FRESHET_OTEL_ENDPOINT").asText()).isEqualTo("http://collector:4317");
        assertThat(traced.path("FRESHET_LOG_JSON").asText()).as("kept beside another setting").isEqualTo("true");
    }
}
