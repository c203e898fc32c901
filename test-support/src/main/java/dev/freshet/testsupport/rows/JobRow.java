package dev.freshet.testsupport.rows;

import dev.freshet.testsupport.TestSql;

import java.time.Instant;

/** A queued job (refresh_jobs): pending and scheduled at priority 0 unless told otherwise. */
public final class JobRow extends RowBuilder<JobRow> {

    private JobRow(String dataType, String symbol) {
        super("refresh_jobs");
        set("data_type", dataType).set("symbol", symbol).set("provider", "fmp").set("priority", 0).set("origin", "scheduled");
    }

    public static JobRow job(String dataType, String symbol) {
        return new JobRow(dataType, symbol);
    }

    public JobRow provider(String provider) {
        return set("provider", provider);
    }

    public JobRow priority(int priority) {
        return set("priority", priority);
    }

    /** origin 'viewer', with this many viewers. */
    public JobRow viewers(int viewers) {
        return set("origin", "viewer").set("viewer_count", viewers);
    }

    /** 'viewer', 'scheduled', 'manual' or 'aggregation'. */
    public JobRow origin(String origin) {
        return set("origin", origin);
    }

    public JobRow attempts(int attempts) {
        return set("attempts", attempts);
    }

    public JobRow maxAttempts(int maxAttempts) {
        return set("max_attempts", maxAttempts);
    }

    public JobRow enqueuedAt(Instant at) {
        return set("enqueued_at", at);
    }

    public JobRow runAfter(Instant at) {
        return set("run_after", at);
    }

    /** run_after as the database computes it, e.g. {@code now() + interval '5 minutes'}. */
    public JobRow runAfterSql(String sqlExpression) {
        return setExpression("run_after", sqlExpression);
    }

    /** enqueued_at as the database computes it, e.g. {@code now() - interval '30 minutes'}. */
    public JobRow enqueuedAtSql(String sqlExpression) {
        return setExpression("enqueued_at", sqlExpression);
    }

    public JobRow deadlineAt(Instant at) {
        return set("deadline_at", at);
    }

    /** deadline_at as the database computes it, e.g. {@code now() + interval '4 hours'}. */
    public JobRow deadlineAtSql(String sqlExpression) {
        return setExpression("deadline_at", sqlExpression);
    }

    public JobRow estimatedBytes(long bytes) {
        return set("estimated_bytes", bytes);
    }

    public JobRow lastError(String error) {
        return set("last_error", error);
    }

    /** Claimed by {@code instance} at {@code claimedAt}, its lease running until {@code leaseExpiresAt}. */
    public JobRow processing(String instance, Instant claimedAt, Instant leaseExpiresAt) {
        return set("status", "processing").set("claimed_by", instance).set("claimed_at", claimedAt)
                .set("lease_expires_at", leaseExpiresAt);
    }

    /** Like {@link #processing(String, Instant, Instant)}, the times as the database computes them. */
    public JobRow processingSql(String instance, String claimedAtSql, String leaseExpiresAtSql) {
        return set("status", "processing").set("claimed_by", instance).setExpression("claimed_at", claimedAtSql)
                .setExpression("lease_expires_at", leaseExpiresAtSql);
    }

    /** What a processing job holds of its provider's budget. */
    public JobRow reserved(int calls, long bytes) {
        return set("reserved_calls", calls).set("reserved_bytes", bytes);
    }

    /** Inserts the job; returns its job_id. */
    public long insert(TestSql sql) {
        return ((Number) insert(sql, "job_id")).longValue();
    }
}
