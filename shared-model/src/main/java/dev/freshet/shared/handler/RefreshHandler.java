package dev.freshet.shared.handler;

import dev.freshet.shared.registry.DataType;
import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.Optional;

/**
 * Refreshes one data type for one or more symbols. One CDI bean per registry {@code handler} name;
 * the processor finds it by {@link #name()}. A handler fetches and validates but writes nothing of
 * its own accord: it returns rows (which the processor upserts, or records in the shadow table, in
 * the same transaction that completes the jobs) or a {@link SymbolOutcome.SqlWrite} that the
 * processor runs inside that transaction.
 */
public interface RefreshHandler {

    /** The registry's {@code handler} value, e.g. {@code http-json}. */
    String name();

    /** Whether a group of symbols of this data type can be served by one upstream call. */
    default int maxSymbolsPerCall(DataType dataType) {
        return 1;
    }

    /**
     * The record time this data type fetches incrementally from, when it does: the processor then
     * fills {@link RefreshRequest#lastStored()} before calling {@link #refresh}.
     */
    default Optional<IncrementalColumn> incrementalColumn(DataType dataType) {
        return Optional.empty();
    }

    /**
     * @return one outcome per requested symbol, in any order; a failure never as a failed Uni
     *         (a failed Uni is treated as a retryable fault of every symbol)
     */
    Uni<List<SymbolOutcome>> refresh(RefreshRequest request);
}
