package dev.freshet.shared.handler;

import java.util.Map;

/**
 * The record time a data type fetches incrementally from, as the processor needs it to look up the
 * newest stored record per symbol before calling the handler (handlers have no database access).
 *
 * @param column    the target column holding each record's time
 * @param constants columns this data type writes with the same value in every row (column -> JSON
 *                  value); the key columns among them narrow the look-up to this data type's rows
 */
public record IncrementalColumn(String column, Map<String, Object> constants) {

    public IncrementalColumn {
        constants = Map.copyOf(constants);
    }
}
