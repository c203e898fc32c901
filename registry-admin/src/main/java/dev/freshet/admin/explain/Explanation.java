package dev.freshet.admin.explain;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/**
 * Why a (data type, symbol) is in its state.
 *
 * @param state    fresh, aging, stale or missing against the data type's thresholds
 * @param blockers what holds back a refresh right now (empty when nothing does)
 * @param summary  one sentence for the operator
 */
@RegisterForReflection
public record Explanation(String dataType, String symbol, Instant asOf, String state, String summary,
                          Freshness freshness, Viewers viewers, QueuedJob job, FinishedJob lastFinished,
                          List<Blocker> blockers) {

    /** @param checkFailed the target table could not be read; the state is then stale (fail-safe) */
    @RegisterForReflection
    public record Freshness(Instant updatedAt, Long ageSeconds, long ttlSeconds, long warnAfterSeconds,
                            long errorAfterSeconds, String tier, String refreshMode, boolean enabled,
                            boolean checkFailed) {
    }

    @RegisterForReflection
    public record Viewers(long count, Instant lastSeenAt, long presenceTtlSeconds) {
    }

    /** @param deadlineAt when the pair's data stops being fresh (the claim's earliest-deadline order); the enqueue time when unknown */
    @RegisterForReflection
    public record QueuedJob(long jobId, String status, int priority, String origin, int viewerCount, int attempts,
                            int maxAttempts, Instant runAfter, Instant enqueuedAt, String claimedBy,
                            Instant leaseExpiresAt, String lastError, Instant deadlineAt) {
    }

    @RegisterForReflection
    public record FinishedJob(long jobId, String status, int attempts, Instant finishedAt, String lastError) {
    }

    /**
     * @param kind  data_type_disabled, flag_off, quota_calls_per_minute, quota_calls_per_day,
     *              quota_bytes, provider_paused (by an operator), circuit_open, backoff, source_chain (derived bars: the link of the
     *              chain they are built from that holds them), outside_universe (the symbol is not in
     *              the provider's loaded symbol universe), not_found (the provider answered not found
     *              for it; nothing is queued until {@code until})
     * @param until when the limit lifts, when known
     */
    @RegisterForReflection
    public record Blocker(String kind, String detail, Instant until) {
    }
}
