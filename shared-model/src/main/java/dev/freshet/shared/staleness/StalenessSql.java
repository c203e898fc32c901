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

    /**
     * Newest shadow record per symbol: while a data type is in shadow its live table belongs to
     * another system, so Freshet's own refreshes are what say whether it is fresh (a global data
     * type records symbol {@code *}). $1 data type, $2 symbols. Columns: symbol, updated_at.
     */
    public static final String NEWEST_SHADOW_PER_SYMBOL = """
            select s.symbol,
                   (select max(w.recorded_at) from shadow_writes w where w.data_type = $1 and w.symbol = s.symbol) as updated_at
            from unnest($2::text[]) as s(symbol)""";

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

    /**
     * Every symbol of the data type's table after {@code after} in symbol order, at most {@code limit}
     * of them, with the newest of the data type's own rows. Bounded by the number of symbols, not of
     * rows: each next symbol is one descent of an index leading with the symbol column (a skip scan),
     * each newest row one more on (symbol, constant keys, timestamp); a {@code GROUP BY} would read
     * every row of the table. A complete statement (its own {@code with recursive}), to be used as a
     * subquery; the constants are bound as {@code $constantsParam} (see {@link ConstantKeys#bind}).
     * Columns: symbol; own (whether it has rows of this data type, not only of another one sharing the
     * table); updated_at (null without own rows).
     *
     * @param after SQL text of the symbol to start after ('' for the start), e.g. a parameter
     * @param limit SQL text of the most symbols to return, e.g. a parameter; null for all of them
     */
    public static String newestOfSymbolsAfter(DataType dt, String after, String limit, int constantsParam) {
        String table = Identifiers.quote(dt.tableName());
        String ts = Identifiers.quote(dt.timestampColumn());
        String sym = Identifiers.quote(dt.symbolColumn());
        String own = ConstantKeys.filter(dt, "r", constantsParam);
        return """
                with recursive symbols(symbol, n) as (
                    (select r.%2$s, 1 from %1$s r where r.%2$s > %4$s order by r.%2$s limit 1)
                    union all
                    select (select r.%2$s from %1$s r where r.%2$s > s.symbol order by r.%2$s limit 1), s.n + 1
                    from symbols s where s.symbol is not null%5$s
                )
                select s.symbol,
                       %6$s as own,
                       (select max(r.%3$s) from %1$s r where r.%2$s = s.symbol%7$s) as updated_at
                from symbols s where s.symbol is not null""".formatted(table, sym, ts, after, limit == null ? "" : " and s.n < " + limit,
                own.isEmpty() ? "true" : "exists (select 1 from " + table + " r where r." + sym + " = s.symbol" + own + ")",
                own);
    }
}
