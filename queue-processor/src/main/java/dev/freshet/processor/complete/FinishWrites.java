package dev.freshet.processor.complete;

import dev.freshet.processor.incremental.FollowUp;
import dev.freshet.shared.handler.SymbolOutcome;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Rows or an in-database write to apply for the completed results, by symbol, and the follow-up
 * jobs to queue for those of them that complete.
 */
public record FinishWrites(List<SymbolOutcome.Rows> rows, List<SymbolOutcome.SqlWrite> sql, List<FollowUp> followUps) {

    public static final FinishWrites NONE = new FinishWrites(List.of(), List.of(), List.of());

    /** Only the writes and follow-ups of these symbols. */
    public FinishWrites onlyFor(Set<String> symbols) {
        if (isEmpty() && followUps.isEmpty()) {
            return this;
        }
        return new FinishWrites(rows.stream().filter(r -> symbols.contains(r.symbol())).toList(),
                sql.stream().filter(w -> symbols.contains(w.symbol())).toList(),
                followUps.stream().filter(f -> symbols.contains(f.symbol())).toList());
    }

    /** The rows of every symbol, in one list. */
    public List<JsonObject> allRows() {
        List<JsonObject> all = new ArrayList<>();
        for (SymbolOutcome.Rows r : rows) {
            all.addAll(r.rows());
        }
        return all;
    }

    public boolean isEmpty() {
        return rows.isEmpty() && sql.isEmpty();
    }
}
