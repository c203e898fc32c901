package dev.freshet.shared.aggregation;

import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * What one catch-up did (a row of {@link AggregationSql#CATCH_UP}).
 *
 * @param outcome    {@code ok}, or why nothing ran: {@code missing}, {@code disabled}, {@code hard_failed}, {@code no_source}
 * @param cursorFrom the cursor before the run
 * @param cursorTo   where the cursor goes when the run is finished successfully
 * @param moreDue    complete windows remain beyond the per-run bound
 */
public record CatchUp(String outcome, Instant cursorFrom, Instant cursorTo, int windowsWritten,
                      int windowsReaggregated, int windowsDeleted, boolean moreDue) {

    public static CatchUp from(Row row) {
        return new CatchUp(row.getString("outcome"), instant(row.getOffsetDateTime("cursor_from")),
                instant(row.getOffsetDateTime("cursor_to")), row.getInteger("windows_written"),
                row.getInteger("windows_reaggregated"), row.getInteger("windows_deleted"), row.getBoolean("more_due"));
    }

    public boolean ran() {
        return "ok".equals(outcome);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
