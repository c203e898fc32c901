package dev.freshet.shared.handler;

import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks an {@code http-json} handler_config, including that every mapped column exists in the target table. */
@ApplicationScoped
public class HttpJsonConfigValidator implements HandlerConfigValidator {

    public static final String HANDLER = "http-json";

    @Override
    public String handler() {
        return HANDLER;
    }

    @Override
    public List<String> validate(JsonObject config, Map<String, String> columnTypes) {
        List<String> problems = new ArrayList<>();
        HttpJsonConfig parsed = HttpJsonConfig.parse(config, problems);
        if (parsed != null && columnTypes != null && !columnTypes.isEmpty()) {
            for (String column : parsed.columns().keySet()) {
                if (!columnTypes.containsKey(column)) {
                    problems.add("handler_config.columns." + column + " is not a column of the target table");
                }
            }
        }
        return List.copyOf(problems);
    }
}
