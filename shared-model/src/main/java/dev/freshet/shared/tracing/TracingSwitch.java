package dev.freshet.shared.tracing;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tracing is on only where spans can go: without an OTLP endpoint ({@code FRESHET_OTEL_ENDPOINT} or
 * Quarkus' own {@code quarkus.otel.exporter.otlp[.traces].endpoint}) the OpenTelemetry SDK is
 * disabled, so nothing tries to reach a collector that is not there. The lowest-ordinal source of
 * {@code quarkus.otel.sdk.disabled}: an explicit setting anywhere wins.
 */
public class TracingSwitch implements ConfigSource {

    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    private static final List<String> ENDPOINT_VARIABLES = List.of("FRESHET_OTEL_ENDPOINT",
            "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
    private static final List<String> ENDPOINT_PROPERTIES = List.of("freshet.otel.endpoint",
            "quarkus.otel.exporter.otlp.endpoint", "quarkus.otel.exporter.otlp.traces.endpoint");

    private final boolean disabled;

    public TracingSwitch() {
        this(System.getenv(), System.getProperties());
    }

    TracingSwitch(Map<String, String> environment, Map<Object, Object> properties) {
        boolean configured = ENDPOINT_VARIABLES.stream().anyMatch(v -> present(environment.get(v)))
                || ENDPOINT_PROPERTIES.stream().anyMatch(p -> present(properties.get(p)));
        this.disabled = !configured;
    }

    private static boolean present(Object value) {
        return value != null && !value.toString().isBlank();
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(SDK_DISABLED);
    }

    @Override
    public String getValue(String propertyName) {
        return SDK_DISABLED.equals(propertyName) ? Boolean.toString(disabled) : null;
    }

    @Override
    public String getName() {
        return "freshet-tracing-switch";
    }

    @Override
    public int getOrdinal() {
        return 50;
    }
}
