package dev.freshet.shared.handler;

import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks an {@code http-json} handler_config, including that every mapped column exists in the target
 * table and that an incremental fetch's record time is a timestamp or date column there.
 */
@ApplicationScoped
public class HttpJsonConfigValidator implements HandlerConfigValidator {

    public static final String HANDLER = "http-json";
    private static final Set<String> RECORD_TIME_SQL_TYPES = Set.of("timestamp with time zone",
            "timestamp without time zone", "date");

    @Override
    public String handler() {
        return HANDLER;
    }

    @Override
    public List<String> validate(JsonObject config, Map<String, String> columnTypes) {
        List<String> problems = new ArrayList<>();
        HttpJsonConfig parsed = HttpJsonConfigParser.parse(config, problems);
        if (parsed != null && columnTypes != null && !columnTypes.isEmpty()) {
            for (String column : parsed.columns().keySet()) {
                if (!columnTypes.containsKey(column)) {
                    problems.add("handler_config.columns." + column + " is not a column of the target table");
                }
            }
            parsed.incremental().map(HttpJsonConfig.Incremental::column).ifPresent(column -> {
                String sqlType = columnTypes.get(column);
                if (sqlType != null && !RECORD_TIME_SQL_TYPES.contains(sqlType)) {
                    problems.add("handler_config.incremental.column " + column + " is " + sqlType
                            + " in the target table; it must be a timestamp or date column");
                }
            });
        }
        return List.copyOf(problems);
    }

    @Override
    public Set<String> writtenColumns(JsonObject config) {
        Object columns = config == null ? null : config.getValue("columns");
        return columns instanceof JsonObject mapped ? Set.copyOf(mapped.fieldNames()) : Set.of();
    }
}
