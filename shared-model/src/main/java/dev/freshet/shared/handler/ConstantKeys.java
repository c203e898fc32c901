package dev.freshet.shared.handler;

import dev.freshet.shared.identifier.Identifiers;
import dev.freshet.shared.registry.DataType;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The key columns a data type writes with one value in every row, such as the {@code timeframe} of
 * bars: several data types share one table and only these columns tell their rows apart, so every
 * read of a data type's rows filters on them. They come from the handler_config: an {@code http-json}
 * column given as a constant {@code value}, the {@code timeframe} of {@code aggregate-bars}. The symbol
 * column is never one (it is filtered by its own).
 */
public final class ConstantKeys {

    private ConstantKeys() {
    }

    /** Constant key column -> its value as JSON (string, number or boolean), in key order; empty when none. */
    public static Map<String, Object> of(DataType dt) {
        JsonObject config = dt.handlerConfig() == null ? new JsonObject() : dt.handlerConfig();
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : dt.keyColumns()) {
            if (key.equals(dt.symbolColumn())) {
                continue;
            }
            Object value = switch (dt.handler()) {
                case HttpJsonConfigValidator.HANDLER -> config.getValue("columns") instanceof JsonObject columns
                        && columns.getValue(key) instanceof JsonObject column && !column.containsKey("field")
                        ? column.getValue("value") : null;
                case AggregateBarsConfigValidator.HANDLER -> "timeframe".equals(key) ? config.getValue("timeframe") : null;
                default -> null;
            };
            if (value != null) {
                out.put(key, value);
            }
        }
        return out;
    }

    /**
     * The filter on the constant key columns of the target table's rows under {@code alias}, each an
     * index-usable equality: {@code " and t.c = (jsonb_populate_record(null::table, $n::jsonb)).c"}.
     * The value is typed by the table's own row type, as the write path types it, so a constant of any
     * column type compares without casts. Empty when the data type has none (then nothing is bound).
     *
     * @param param the number of the parameter that {@link #bind} adds
     */
    public static String filter(DataType dt, String alias, int param) {
        Map<String, Object> constants = of(dt);
        StringBuilder sql = new StringBuilder();
        String row = "(jsonb_populate_record(null::" + Identifiers.quote(dt.tableName()) + ", $" + param + "::jsonb))";
        constants.keySet().forEach(c -> sql.append(" and ").append(alias).append('.').append(Identifiers.quote(c))
                .append(" = ").append(row).append('.').append(Identifiers.quote(c)));
        return sql.toString();
    }

    /** Adds the constants as the parameter {@link #filter} refers to, when there are any. */
    public static Tuple bind(DataType dt, Tuple params) {
        Map<String, Object> constants = of(dt);
        return constants.isEmpty() ? params : params.addValue(new JsonObject(constants));
    }
}
