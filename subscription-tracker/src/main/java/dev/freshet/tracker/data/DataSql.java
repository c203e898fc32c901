package dev.freshet.tracker.data;

import dev.freshet.shared.identifier.Identifiers;
import dev.freshet.shared.registry.DataType;

import java.util.stream.Collectors;

/**
 * Reads the cached rows of a data type through its registry row. Table and column names come only
 * from validated registry rows and are always quoted; the symbol and limit are bind parameters.
 */
public final class DataSql {

    private DataSql() {
    }

    /** $1 symbol, $2 limit (symbol-scoped), or $1 limit (global). Column: row (JSON text), in key order. */
    public static String cachedRows(DataType dt) {
        String order = dt.keyColumns().stream().map(Identifiers::quote).map(c -> "freshet_row." + c)
                .collect(Collectors.joining(", "));
        String from = " from " + Identifiers.quote(dt.tableName()) + " freshet_row";
        if (dt.global()) {
            return "select to_jsonb(freshet_row)::text as row" + from + " order by " + order + " limit $1";
        }
        return "select to_jsonb(freshet_row)::text as row" + from + " where freshet_row." + Identifiers.quote(dt.symbolColumn())
                + " = $1 order by " + order + " limit $2";
    }
}
