package dev.freshet.tracker.data;

import dev.freshet.shared.identifier.Identifiers;
import dev.freshet.shared.registry.DataType;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads the cached rows of a data type through its registry row. Table and column names come only
 * from validated registry rows and are always quoted; the symbol and limit are bind parameters.
 */
public final class DataSql {

    private DataSql() {
    }

    /** jsonb_build_object takes at most 100 arguments, so wider rows are built in pieces and joined. */
    private static final int PAIRS_PER_CALL = 50;

    /**
     * $1 symbol, $2 limit (symbol-scoped), or $1 limit (global). Column: row (JSON text of the given
     * columns only), in key order.
     *
     * @param columns validated identifiers of the target table (from {@link ServedColumns})
     */
    public static String cachedRows(DataType dt, List<String> columns) {
        String select = "select " + projection(columns) + "::text as row";
        String order = dt.keyColumns().stream().map(Identifiers::quote).map(c -> "freshet_row." + c)
                .collect(Collectors.joining(", "));
        String from = " from " + Identifiers.quote(dt.tableName()) + " freshet_row";
        if (dt.global()) {
            return select + from + " order by " + order + " limit $1";
        }
        return select + from + " where freshet_row." + Identifiers.quote(dt.symbolColumn())
                + " = $1 order by " + order + " limit $2";
    }

    static String projection(List<String> columns) {
        List<String> calls = new ArrayList<>();
        for (int i = 0; i < columns.size(); i += PAIRS_PER_CALL) {
            calls.add(columns.subList(i, Math.min(columns.size(), i + PAIRS_PER_CALL)).stream()
                    .map(c -> "'" + Identifiers.requireValid("column", c) + "', freshet_row." + Identifiers.quote(c))
                    .collect(Collectors.joining(", ", "jsonb_build_object(", ")")));
        }
        return "(" + String.join(" || ", calls) + ")";
    }
}
