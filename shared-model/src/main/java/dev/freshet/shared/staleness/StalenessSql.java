package dev.freshet.shared.staleness;

import dev.freshet.shared.identifier.Identifiers;
import dev.freshet.shared.registry.DataType;

/**
 * The freshness statements of a data type, built from validated, quoted registry identifiers.
 * One statement answers a whole list of symbols; each symbol is a key lookup on the target table.
 */
public final class StalenessSql {

    private StalenessSql() {
    }

    /** $1 symbols. Columns: symbol, updated_at. */
    public static String newestPerSymbol(DataType dt) {
        String table = Identifiers.quote(dt.tableName());
        String ts = Identifiers.quote(dt.timestampColumn());
        String sym = Identifiers.quote(dt.symbolColumn());
        return "select s.symbol, t.updated_at from unnest($1::text[]) as s(symbol) "
                + "left join lateral (select max(" + ts + ") as updated_at from " + table
                + " where " + sym + " = s.symbol) t on true";
    }

    /** Newest row of a global data type. Column: updated_at. */
    public static String newestOverall(DataType dt) {
        return "select max(" + Identifiers.quote(dt.timestampColumn()) + ") as updated_at from "
                + Identifiers.quote(dt.tableName());
    }
}
