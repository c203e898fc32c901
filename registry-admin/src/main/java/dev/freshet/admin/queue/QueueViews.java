package dev.freshet.admin.queue;

import dev.freshet.admin.common.Rows;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;
import java.util.List;

/** What the queue endpoints answer. */
public final class QueueViews {

    private QueueViews() {
    }

    @RegisterForReflection
    public record Counts(long pending, long processing, long backingOff, long completed, long failed, long cancelled) {
    }

    @RegisterForReflection
    public record DataTypeCounts(String dataType, Counts counts, Instant oldestPendingAt) {
    }

    /** @param since finished counts cover jobs finished since then; pending and processing are now */
    @RegisterForReflection
    public record Stats(Instant since, Counts totals, List<DataTypeCounts> byDataType) {
    }

    @RegisterForReflection
    public record Job(long jobId, String dataType, String symbol, String provider, int priority, String origin,
                      int viewerCount, String status, int attempts, int maxAttempts, Instant runAfter,
                      Instant enqueuedAt, Instant claimedAt, String claimedBy, Instant leaseExpiresAt,
                      long estimatedBytes, int reservedCalls, long reservedBytes, String lastError) {

        static Job of(Row r) {
            return new Job(r.getLong("job_id"), r.getString("data_type"), r.getString("symbol"), r.getString("provider"),
                    r.getInteger("priority"), r.getString("origin"), r.getInteger("viewer_count"), r.getString("status"),
                    r.getInteger("attempts"), r.getInteger("max_attempts"), Rows.instant(r, "run_after"),
                    Rows.instant(r, "enqueued_at"), Rows.instant(r, "claimed_at"), r.getString("claimed_by"),
                    Rows.instant(r, "lease_expires_at"), r.getLong("estimated_bytes"), r.getInteger("reserved_calls"),
                    r.getLong("reserved_bytes"), r.getString("last_error"));
        }
    }

    @RegisterForReflection
    public record FinishedJob(long jobId, String dataType, String symbol, String provider, int priority, String origin,
                              int viewerCount, String status, int attempts, Instant enqueuedAt, Instant claimedAt,
                              String claimedBy, Instant finishedAt, String lastError, Integer httpStatus,
                              Long actualBytes, Integer rowsWritten, Integer queueWaitMs, Integer fetchMs,
                              Integer validateMs, Integer writeMs) {

        static FinishedJob of(Row r) {
            return new FinishedJob(r.getLong("job_id"), r.getString("data_type"), r.getString("symbol"),
                    r.getString("provider"), r.getInteger("priority"), r.getString("origin"), r.getInteger("viewer_count"),
                    r.getString("status"), r.getInteger("attempts"), Rows.instant(r, "enqueued_at"),
                    Rows.instant(r, "claimed_at"), r.getString("claimed_by"), Rows.instant(r, "finished_at"),
                    r.getString("last_error"), r.getInteger("http_status"), r.getLong("actual_bytes"),
                    r.getInteger("rows_written"), r.getInteger("queue_wait_ms"), r.getInteger("fetch_ms"),
                    r.getInteger("validate_ms"), r.getInteger("write_ms"));
        }
    }

    /**
     * @param outcome {@code queued} (a new pending job), {@code raised} (an already queued job for the
     *                pair got the manual priority), {@code already_queued}, {@code run_now} (a
     *                pending job's backoff was lifted) or {@code cancelled}
     */
    @RegisterForReflection
    public record Action(String outcome, Long jobId, String dataType, String symbol) {
    }

    @RegisterForReflection
    public record Purged(long deleted) {
    }

    @RegisterForReflection
    public record ManualRefresh(String dataType, String symbol) {
    }
}
