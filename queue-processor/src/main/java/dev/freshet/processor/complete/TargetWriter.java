package dev.freshet.processor.complete;

import dev.freshet.shared.handler.SymbolOutcome;
import dev.freshet.shared.registry.DataType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes the data of completed results inside the finish transaction: one upsert (or shadow record)
 * of all rows, then the in-database writes; returns the results with rows written and write time.
 */
@ApplicationScoped
public class TargetWriter {

    private final Map<String, Statement> statements = new ConcurrentHashMap<>();

    Uni<List<JobResult>> write(SqlConnection conn, DataType dt, List<JobResult> results, FinishWrites writes) {
        if (writes.isEmpty()) {
            return Uni.createFrom().item(results);
        }
        long t0 = System.nanoTime();
        Uni<long[]> rowsWritten = Uni.createFrom().item(new long[]{0, 0});
        List<JsonObject> all = writes.allRows();
        // outcomes with no rows (an incremental range with nothing new yet) complete without a statement
        if (!all.isEmpty()) {
            UpsertRows rows = UpsertRows.of(all);
            Tuple params = dt.writesLive() ? Tuple.of(rows.json()) : Tuple.of(rows.json(), dt.dataType(), jobsBySymbol(results));
            rowsWritten = conn.preparedQuery(statement(dt, rows.mapped())).execute(params).map(rs -> {
                Row r = rs.iterator().next();
                return new long[]{r.getLong("incoming"), r.getLong("written")};
            });
        }
        return rowsWritten.chain(counts -> runSqlWrites(conn, writes.sql()).map(sqlCounts -> {
            int writeMs = (int) Duration.ofNanos(System.nanoTime() - t0).toMillis();
            long kept = counts[0] - counts[1];
            Map<String, Integer> perSymbol = new HashMap<>(sqlCounts);
            for (SymbolOutcome.Rows r : writes.rows()) {
                perSymbol.put(r.symbol(), writes.rows().size() == 1 ? (int) counts[1] : r.rows().size());
            }
            String note = kept > 0 ? "kept " + kept + " stored row(s) whose source timestamp is newer than the fetched data" : null;
            List<JobResult> out = new ArrayList<>(results.size());
            for (JobResult r : results) {
                Integer n = r.outcome() == JobResult.Outcome.COMPLETED ? perSymbol.get(r.job().symbol()) : null;
                out.add(n == null ? r : r.withWrite(JobResult.Outcome.COMPLETED, note, n, writeMs));
            }
            return out;
        }));
    }

    /**
     * The statement writing these columns of the data type, built once per data type and column set.
     * The registry hands out one DataType object until it reloads, so a new object (a changed table,
     * key, source timestamp or write mode) builds it again; so does another column set.
     */
    String statement(DataType dt, Set<String> mapped) {
        Statement s = statements.get(dt.dataType());
        if (s != null && s.dt() == dt && s.mapped().equals(mapped)) {
            return s.sql();
        }
        List<String> columns = TargetSql.columns(dt, mapped);
        // the state at finish decides: a job claimed while live that finishes after a rollback or a
        // pause leaves the live table (owned again by the other system) alone
        String sql = dt.writesLive() ? TargetSql.upsert(dt, columns) : TargetSql.shadow(dt, columns);
        statements.put(dt.dataType(), new Statement(dt, Set.copyOf(mapped), sql));
        return sql;
    }

    private record Statement(DataType dt, Set<String> mapped, String sql) {
    }

    private Uni<Map<String, Integer>> runSqlWrites(SqlConnection conn, List<SymbolOutcome.SqlWrite> writes) {
        Uni<Map<String, Integer>> chain = Uni.createFrom().item(new HashMap<>());
        for (SymbolOutcome.SqlWrite w : writes) {
            chain = chain.chain(m -> w.write().apply(conn).map(n -> {
                m.put(w.symbol(), n);
                return m;
            }));
        }
        return chain;
    }

    /** Which job refreshed each symbol, for the shadow records (a batched call serves several). */
    private static JsonObject jobsBySymbol(List<JobResult> results) {
        JsonObject out = new JsonObject();
        results.forEach(r -> out.put(r.job().symbol(), r.job().jobId()));
        return out;
    }
}
