package dev.freshet.processor.complete;

import dev.freshet.shared.handler.ConstantKeys;
import dev.freshet.shared.identifier.Identifiers;
import dev.freshet.shared.registry.DataType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The dynamic statements that write a data type's rows. Table and column names come only from
 * validated registry rows and are always quoted; the rows are one bind parameter, a JSON array text
 * ({@link UpsertRows}), turned into typed rows by {@code jsonb_populate_recordset} over the table's own row type.
 */
public final class TargetSql {

    private TargetSql() {
    }

    /** Columns written: the mapped ones, the symbol, the timestamp and the keys. */
    public static List<String> columns(DataType dt, Collection<String> mapped) {
        Set<String> cols = new LinkedHashSet<>(mapped);
        if (dt.symbolColumn() != null) {
            cols.add(dt.symbolColumn());
        }
        cols.add(dt.timestampColumn());
        cols.addAll(dt.keyColumns());
        cols.forEach(c -> Identifiers.requireValid("column", c));
        return List.copyOf(cols);
    }

    private static String incoming(DataType dt) {
        String keys = q(dt.keyColumns());
        return "incoming as (select distinct on (" + keys + ") * from jsonb_populate_recordset(null::"
                + Identifiers.quote(dt.tableName()) + ", $1::text::jsonb) order by " + keys + ")";
    }

    /**
     * Upserts rows on the key columns in one statement (keys sorted, so concurrent writers lock in
     * one order). With a source timestamp column, a stored row whose source time is newer than the
     * incoming one is kept as it is. The timestamp column is the transaction's time, by the database's
     * clock, so readers and the refreshed event agree. $1 rows as a JSON array text. Returns incoming, written.
     */
    public static String upsert(DataType dt, List<String> columns) {
        String table = Identifiers.quote(dt.tableName());
        List<String> updatable = new ArrayList<>(columns);
        updatable.removeAll(dt.keyColumns());
        String set = updatable.stream().map(c -> q(c) + " = excluded." + q(c)).collect(Collectors.joining(", "));
        String guard = "";
        String src = dt.sourceTimestampColumn();
        if (src != null && columns.contains(src)) {
            guard = " where t." + q(src) + " is null or excluded." + q(src) + " is null or excluded." + q(src) + " >= t." + q(src);
        }
        String conflict = set.isEmpty() ? "do nothing" : "do update set " + set + guard;
        return "with " + incoming(dt) + ", up as (insert into " + table + " as t (" + q(columns) + ") select " + selected(dt, columns)
                + " from incoming on conflict (" + q(dt.keyColumns()) + ") " + conflict + " returning 1)"
                + " select (select count(*) from incoming) as incoming, (select count(*) from up) as written";
    }

    /**
     * Records what an upsert would write beside the live row it would replace, leaving the live table
     * untouched. Where a fetch returns a symbol's whole set of rows (not an incremental range, and the
     * table not shared with other data types through constant key columns), the live rows of the
     * fetched symbols (of the whole table for a global data type) that the fetch did not return are
     * recorded too, with no new row: rows the new source would drop. $1 rows as a JSON array text, $2 data
     * type, $3 the job of each symbol as a jsonb object (symbol → job id). Returns incoming, written (the
     * fetched rows recorded).
     */
    public static String shadow(DataType dt, List<String> columns) {
        String table = Identifiers.quote(dt.tableName());
        List<String> compared = new ArrayList<>(columns);
        compared.remove(dt.timestampColumn());
        String on = dt.keyColumns().stream().map(k -> "l." + q(k) + " = n." + q(k)).collect(Collectors.joining(" and "));
        String firstKey = q(dt.keyColumns().get(0));
        String symbol = dt.symbolColumn() != null ? "n." + q(dt.symbolColumn()) + "::text" : "'*'";
        String insert = "insert into shadow_writes (data_type, symbol, row_key, new_row, live_row, differs, job_id, recorded_at)";
        String gone = "";
        if (wholeSetFetched(dt)) {
            String scope = dt.symbolColumn() != null
                    ? "l." + q(dt.symbolColumn()) + " in (select n." + q(dt.symbolColumn()) + " from incoming n)" : "true";
            gone = ", gone as (" + insert + " select $2, " + symbol.replace("n.", "l.") + ", " + object("l", dt.keyColumns())
                    + ", null, " + object("l", compared) + ", true, " + jobOf(symbol.replace("n.", "l.")) + ", now() from " + table + " l where " + scope
                    + " and not exists (select 1 from incoming n where " + on + ") returning 1)";
        }
        return "with " + incoming(dt) + ", ins as (" + insert
                + " select $2, " + symbol + ", " + object("n", dt.keyColumns()) + ", " + object("n", compared)
                + ", case when l." + firstKey + " is null then null else " + object("l", compared) + " end"
                + ", l." + firstKey + " is null or " + object("n", compared) + " is distinct from " + object("l", compared)
                + ", " + jobOf(symbol) + ", now() from incoming n left join " + table + " l on " + on + " returning 1)" + gone
                + " select (select count(*) from incoming) as incoming, (select count(*) from ins) as written";
    }

    private static String jobOf(String symbol) {
        return "($3::jsonb ->> (" + symbol + "))::bigint";
    }

    /** A fetch returns the whole set of the data type's rows of a symbol (or of a global data type). */
    static boolean wholeSetFetched(DataType dt) {
        return ConstantKeys.of(dt).isEmpty() && !dt.handlerConfig().containsKey("incremental");
    }

    private static String selected(DataType dt, List<String> columns) {
        return columns.stream().map(c -> c.equals(dt.timestampColumn()) ? "now()" : q(c)).collect(Collectors.joining(", "));
    }

    private static String object(String alias, List<String> cols) {
        return "jsonb_build_object(" + cols.stream().map(c -> "'" + c + "', " + alias + "." + q(c))
                .collect(Collectors.joining(", ")) + ")";
    }

    private static String q(String c) {
        return Identifiers.quote(c);
    }

    private static String q(List<String> cols) {
        return cols.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
    }
}
