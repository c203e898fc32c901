package dev.freshet.shared.handler;

import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks an {@code aggregate-bars} handler_config: {@code {"timeframe": "5m", "source": "1m"}}, the
 * source a strictly shorter timeframe that divides the target one.
 */
@ApplicationScoped
public class AggregateBarsConfigValidator implements HandlerConfigValidator {

    public static final String HANDLER = "aggregate-bars";
    private static final Map<String, Integer> MINUTES = Map.of("1m", 1, "5m", 5, "15m", 15, "30m", 30,
            "1h", 60, "4h", 240, "1d", 1440);
    private static final List<String> KNOWN_KEYS = List.of("timeframe", "source", "retry");
    /** What freshet_aggregate_bars writes into derived_data_bars besides keys and timestamp (V50). */
    private static final Set<String> WRITTEN = Set.of("open", "high", "low", "close", "volume",
            "source_bar_count", "quality_score", "deleted_at");

    @Override
    public String handler() {
        return HANDLER;
    }

    @Override
    public List<String> validate(JsonObject config, Map<String, String> columnTypes) {
        if (config == null) {
            return List.of("handler_config is required");
        }
        List<String> problems = new ArrayList<>();
        ConfigFields.unknown("handler_config", config, KNOWN_KEYS, problems);
        String known = MINUTES.keySet().stream().sorted().toList().toString();
        Integer target = config.getValue("timeframe") instanceof String t ? MINUTES.get(t) : null;
        Integer source = config.getValue("source") instanceof String s ? MINUTES.get(s) : null;
        if (target == null) {
            problems.add("handler_config.timeframe must be one of " + known);
        }
        if (source == null) {
            problems.add("handler_config.source must be one of " + known);
        }
        if (target != null && source != null && (source >= target || target % source != 0)) {
            problems.add("handler_config.source must be a shorter timeframe that divides handler_config.timeframe");
        }
        RetrySettings.parse(config, problems);
        return List.copyOf(problems);
    }

    @Override
    public Set<String> writtenColumns(JsonObject config) {
        return WRITTEN;
    }
}
