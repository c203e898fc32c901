package dev.freshet.testsupport.rows;

import dev.freshet.testsupport.TestSql;

import java.time.Instant;

/** A finished job (refresh_job_history): completed after one attempt, enqueued and finished now unless told otherwise. */
public final class HistoryRow extends RowBuilder<HistoryRow> {

    private HistoryRow(long jobId, String dataType, String symbol) {
        super("refresh_job_history");
        Instant now = Instant.now();
        set("job_id", jobId).set("data_type", dataType).set("symbol", symbol).set("provider", "fmp").set("priority", 0)
                .set("origin", "scheduled").set("status", "completed").set("attempts", 1)
                .set("enqueued_at", now).set("finished_at", now);
    }

    public static HistoryRow finished(long jobId, String dataType, String symbol) {
        return new HistoryRow(jobId, dataType, symbol);
    }

    /** 'completed', 'failed' or 'cancelled'. */
    public HistoryRow status(String status) {
        return set("status", status);
    }

    public HistoryRow provider(String provider) {
        return set("provider", provider);
    }

    public HistoryRow priority(int priority) {
        return set("priority", priority);
    }

    public HistoryRow origin(String origin) {
        return set("origin", origin);
    }

    public HistoryRow attempts(int attempts) {
        return set("attempts", attempts);
    }

    public HistoryRow enqueuedAt(Instant at) {
        return set("enqueued_at", at);
    }

    public HistoryRow claimedAt(Instant at) {
        return set("claimed_at", at);
    }

    public HistoryRow finishedAt(Instant at) {
        return set("finished_at", at);
    }

    /** Claimed by {@code instance} at {@code at}: jobs one claim took share both. */
    public HistoryRow claimed(String instance, Instant at) {
        return set("claimed_by", instance).set("claimed_at", at);
    }

    /** The viewers the job had when it ended (0 = nobody viewed its pair). */
    public HistoryRow viewers(int viewers) {
        return set("viewer_count", viewers);
    }

    /** The three times as the database computes them, e.g. {@code now() - interval '5 minutes'}. */
    public HistoryRow timesSql(String enqueuedAtSql, String claimedAtSql, String finishedAtSql) {
        if (claimedAtSql != null) {
            setExpression("claimed_at", claimedAtSql);
        }
        return setExpression("enqueued_at", enqueuedAtSql).setExpression("finished_at", finishedAtSql);
    }

    public HistoryRow lastError(String error) {
        return set("last_error", error);
    }

    /** Where the time went: waiting in the queue, fetching, validating and writing, in milliseconds. */
    public HistoryRow timings(int queueWaitMs, int fetchMs, int validateMs, int writeMs) {
        return set("queue_wait_ms", queueWaitMs).set("fetch_ms", fetchMs).set("validate_ms", validateMs).set("write_ms", writeMs);
    }

    public void insert(TestSql sql) {
        insert(sql, "job_id");
    }
}
