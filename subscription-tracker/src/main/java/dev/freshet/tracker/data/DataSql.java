package dev.freshet.tracker.data;

import dev.freshet.shared.handler.ConstantKeys;
import dev.freshet.shared.identifier.Identifiers;
import dev.freshet.shared.registry.DataType;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads the cached rows of a data type through its registry row, newest first: in descending order
 * of the key columns that vary within one symbol's rows (the symbol and the constant key columns are
 * equality filters), so with the record time as the last key column the newest rows come first and
 * each page is one backward range scan of the primary key. Table and column names come only from
 * validated registry rows and are always quoted; every value is a bind parameter.
 */
public final class DataSql {

    private DataSql() {
    }

    /** The key columns a page is ordered by and its cursor holds, in key order. */
    public static List<String> orderColumns(DataType dt) {
        var constants = ConstantKeys.of(dt).keySet();
        return dt.keyColumns().stream().filter(k -> !k.equals(dt.symbolColumn()) && !constants.contains(k)).toList();
    }

    /**
     * Parameters in this order, numbered from $1: the symbol (symbol-scoped types only), the row
     * limit, the constant keys (when the data type has any, {@link ConstantKeys#bind}), the cursor
     * position (a jsonb object of the {@link #orderColumns}, only when {@code afterCursor}).
     * Columns: row (JSON text of the given columns only) and position (JSON text of the row's order
     * columns, for the next cursor).
     *
     * @param columns validated identifiers of the target table (from {@link ServedColumns})
     */
    public static String cachedRows(DataType dt, List<String> columns, boolean afterCursor) {
        List<String> order = orderColumns(dt);
        int param = 1;
        String symbolParam = dt.global() ? null : "$" + param++;
        String limitParam = "$" + param++;
        String constants = ConstantKeys.filter(dt, "freshet_row", param);
        if (!constants.isEmpty()) {
            param++;
        }
        StringBuilder sql = new StringBuilder("select " + projection(columns) + "::text as row, jsonb_build_object(")
                .append(order.stream().map(c -> "'" + c + "', freshet_row." + Identifiers.quote(c)).collect(Collectors.joining(", ")))
                .append(")::text as position from ").append(Identifiers.quote(dt.tableName())).append(" freshet_row where ")
                .append(symbolParam == null ? "true" : "freshet_row." + Identifiers.quote(dt.symbolColumn()) + " = " + symbolParam)
                .append(constants);
        if (afterCursor && !order.isEmpty()) {
            String position = "(jsonb_populate_record(null::" + Identifiers.quote(dt.tableName()) + ", $" + param + "::jsonb))";
            sql.append(" and (").append(order.stream().map(c -> "freshet_row." + Identifiers.quote(c)).collect(Collectors.joining(", ")))
                    .append(") < (").append(order.stream().map(c -> position + "." + Identifiers.quote(c)).collect(Collectors.joining(", ")))
                    .append(')');
        }
        if (!order.isEmpty()) {
            sql.append(" order by ").append(order.stream().map(c -> "freshet_row." + Identifiers.quote(c) + " desc")
                    .collect(Collectors.joining(", ")));
        }
        return sql.append(" limit ").append(limitParam).toString();
    }

    /** jsonb_build_object takes at most 100 arguments, so wider rows are built in pieces and joined. */
    private static final int PAIRS_PER_CALL = 50;

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
