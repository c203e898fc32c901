package dev.freshet.shared.handler;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** What became of one symbol of a {@link RefreshRequest}. */
public sealed interface SymbolOutcome {

    String symbol();

    /** The upstream call this outcome came from, or null when no call was made. */
    UpstreamResponse call();

    /** Bytes attributed to this symbol (a multi-symbol response is shared out between its symbols). */
    long bytes();

    /**
     * Fetched and valid rows, ready to write: target column -> value as JSON (numbers, strings in the
     * column type's input format, objects for jsonb). The symbol and timestamp columns are filled.
     * {@code moreDue} is set when this call covered only part of what is due (an incremental range cut
     * short of now): the processor queues the next part in the transaction that writes these rows.
     */
    record Rows(String symbol, List<JsonObject> rows, UpstreamResponse call, long bytes, Duration validate,
                MoreDue moreDue) implements SymbolOutcome {

        public Rows(String symbol, List<JsonObject> rows, UpstreamResponse call, long bytes, Duration validate) {
            this(symbol, rows, call, bytes, validate, null);
        }
    }

    /**
     * More is due after this call.
     *
     * @param coveredThrough when the call brought nothing newer than what was stored, the time up to
     *                       which the upstream confirmed it has nothing, so the next part starts after it
     *                       (without it a gap longer than one call would be asked for again and again);
     *                       null when the newest stored record already marks the progress
     */
    record MoreDue(Instant coveredThrough) {
    }

    /**
     * The hook for handlers that compute in the database (aggregation): the processor runs
     * {@code write} inside the completing transaction; it returns the rows written.
     */
    record SqlWrite(String symbol, Function<SqlConnection, Uni<Integer>> write, UpstreamResponse call, long bytes)
            implements SymbolOutcome {
    }

    /**
     * @param retryAt earliest retry asked for by the upstream (Retry-After), null to use the backoff
     */
    record Failed(String symbol, FailureKind kind, String error, UpstreamResponse call, long bytes, Instant retryAt)
            implements SymbolOutcome {
    }
}
