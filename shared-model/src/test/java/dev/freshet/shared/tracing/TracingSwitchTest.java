package dev.freshet.shared.tracing;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenTelemetry SDK runs only where an OTLP endpoint is configured. */
class TracingSwitchTest {

    private static String sdkDisabled(Map<String, String> environment, Map<Object, Object> properties) {
        return new TracingSwitch(environment, properties).getValue(TracingSwitch.SDK_DISABLED);
    }

    @Test
    void withoutAnEndpointTheSdkIsDisabled() {
        assertThat(sdkDisabled(Map.of(), Map.of())).isEqualTo("true");
        assertThat(sdkDisabled(Map.of("FRESHET_OTEL_ENDPOINT", " "), Map.of())).as("blank is unset").isEqualTo("true");
    }

    @Test
    void anEndpointFromTheEnvironmentOrASystemPropertyEnablesIt() {
        assertThat(sdkDisabled(Map.of("FRESHET_OTEL_ENDPOINT", "http://collector:4317"), Map.of())).isEqualTo("false");
        assertThat(sdkDisabled(Map.of("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://c:4317"), Map.of())).isEqualTo("false");
        assertThat(sdkDisabled(Map.of(), Map.of("quarkus.otel.exporter.otlp.endpoint", "http://c:4317"))).isEqualTo("false");
    }

    @Test
    void itSpeaksOnlyOfTheSdkSwitchAndBelowEveryOtherSource() {
        TracingSwitch source = new TracingSwitch(Map.of(), Map.of());
        assertThat(source.getValue("quarkus.otel.exporter.otlp.endpoint")).isNull();
        assertThat(source.getOrdinal()).isLessThan(100);
    }
}
