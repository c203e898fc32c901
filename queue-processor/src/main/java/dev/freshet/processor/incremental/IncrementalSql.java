package dev.freshet.processor.incremental;

import dev.freshet.shared.handler.IncrementalColumn;
import dev.freshet.shared.identifier.Identifiers;
import dev.freshet.shared.registry.DataType;

import java.util.ArrayList;
import java.util.List;

/**
 * The statements of incremental fetching: how far each symbol's data is covered before a call, and
 * the note a follow-up job carries when a chunk came back empty. Table and column names come only
 * from validated registry rows and are always quoted; values are bound.
 */
public final class IncrementalSql {

    private IncrementalSql() {
    }

    /**
     * Per symbol of one call, in one statement: the newest stored record time of this data type, and
     * the {@code coveredThrough} note of the job being run. The symbol and this data type's constant
     * key columns are equality filters, so with the record time as the last key column each max is
     * one descent of the primary key index. The constants are typed by the table's own row type
     * ({@code jsonb_populate_record}, as the write path types them), so a constant of any column
     * type compares without casts.
     * $1 symbols, $2 their job ids, $3 (only when there are constant key columns) the constants as a
     * jsonb object. Returns symbol, last_stored (the column's own type), covered_through.
     */
    public static String lastCovered(DataType dt, IncrementalColumn column) {
        String table = Identifiers.quote(dt.tableName());
        List<String> fixed = constantKeys(dt, column);
        List<String> filters = new ArrayList<>();
        if (dt.symbolColumn() != null) {
            filters.add("t." + Identifiers.quote(dt.symbolColumn()) + " = s.symbol");
        }
        fixed.forEach(k -> filters.add("t." + Identifiers.quote(k) + " = k." + Identifiers.quote(k)));
        String constants = fixed.isEmpty() ? "" : "\n cross join jsonb_populate_record(null::" + table + ", $3::jsonb) as k";
        return """
                select s.symbol,
                       (select max(t.%2$s) from %1$s t where %3$s) as last_stored,
                       (j.payload ->> 'coveredThrough')::timestamptz as covered_through
                  from unnest($1::text[], $2::bigint[]) as s(symbol, job_id)%4$s
                  left join refresh_jobs j on j.job_id = s.job_id""".formatted(table, Identifiers.quote(column.column()),
                filters.isEmpty() ? "true" : String.join(" and ", filters), constants);
    }

    /** The constant key columns {@link #lastCovered} filters on, to bind as $3 (empty: no $3). */
    public static List<String> constantKeys(DataType dt, IncrementalColumn column) {
        return dt.keyColumns().stream()
                .filter(k -> column.constants().containsKey(k) && !k.equals(dt.symbolColumn()))
                .toList();
    }

    /**
     * Notes on queued follow-up jobs that the upstream had nothing up to a time, so their run starts
     * after it although nothing newer is stored. Pending rows only: a job someone else already runs
     * is left alone. $1 data_type, $2 symbols, $3 covered-through times.
     */
    public static final String NOTE_COVERED = """
            update refresh_jobs j
               set payload = j.payload || jsonb_build_object('coveredThrough', c.covered_through)
              from unnest($2::text[], $3::timestamptz[]) as c(symbol, covered_through)
             where j.data_type = $1 and j.symbol = c.symbol and j.status = 'pending'""";
}
