package dev.freshet.processor.claim;

import java.time.Instant;

/**
 * A job this instance holds. {@code claimedBy} and {@code attempts} identify the claim: finishing
 * statements only touch the row, and its data is only written, while it is still this claim (a lease
 * that lapsed and was claimed again is not ours). {@code claimedAt} is the database's claim time;
 * {@code claimedNanos} this JVM's {@link System#nanoTime()} at claim, for local durations only;
 * {@code traceParent} the W3C trace context of the request that queued it, or null.
 */
public record ClaimedJob(long jobId, String dataType, String symbol, String provider, int priority, String origin,
                         int viewerCount, int attempts, int maxAttempts, Instant enqueuedAt, Instant claimedAt,
                         int reservedCalls, long reservedBytes, long claimRank, String claimedBy, long claimedNanos,
                         String traceParent) {
}
