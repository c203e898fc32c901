package dev.freshet.shared.staleness;

import dev.freshet.shared.handler.ConstantKeys;
import dev.freshet.shared.identifier.Identifiers;
import dev.freshet.shared.registry.DataType;

/**
 * The freshness statements of a data type, built from validated, quoted registry identifiers.
 * One statement answers a whole list of symbols; each symbol is a key lookup on the target table,
 * narrowed to the data type's own rows by its constant key columns ({@link ConstantKeys}, bound
 * after the other parameters), so with an index on (symbol, constant keys, timestamp) each newest
 * row is one index descent.
 */
public final class StalenessSql {

    private StalenessSql() {
    }

    /** $1 symbols, then the constant keys ({@link ConstantKeys#bind}). Columns: symbol, updated_at. */
    public static String newestPerSymbol(DataType dt) {
        String table = Identifiers.quote(dt.tableName());
        String ts = Identifiers.quote(dt.timestampColumn());
        String sym = Identifiers.quote(dt.symbolColumn());
        return "select s.symbol, t.updated_at from unnest($1::text[]) as s(symbol) "
                + "left join lateral (select max(r." + ts + ") as updated_at from " + table
                + " r where r." + sym + " = s.symbol" + ConstantKeys.filter(dt, "r", 2) + ") t on true";
    }

    /** Newest row of a global data type; $1 the constant keys when it has any. Column: updated_at. */
    public static String newestOverall(DataType dt) {
        return "select max(t." + Identifiers.quote(dt.timestampColumn()) + ") as updated_at from "
                + Identifiers.quote(dt.tableName()) + " t where true" + ConstantKeys.filter(dt, "t", 1);
    }
}
