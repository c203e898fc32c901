package dev.freshet.processor.complete;

import dev.freshet.processor.claim.ClaimedJob;

import java.time.Duration;
import java.time.Instant;

/**
 * How one claim ends, with what history and usage record about it. {@code retryIn}: how long after
 * the finish (by the database's clock) a job put back is due again; null for at once.
 * {@code callAt}: when the call was made, by this JVM's clock (only its age at finish is used).
 */
public record JobResult(ClaimedJob job, Outcome outcome, Duration retryIn, String error, Integer httpStatus,
                        long bytes, int rowsWritten, Integer fetchMs, Integer validateMs, Integer writeMs,
                        int calls, Instant callAt, int rateLimited, int errors) {

    public enum Outcome {
        COMPLETED, FAILED, RETRY, RELEASE,
        /** The provider has nothing for the symbol: failed, and remembered in the negative cache. */
        NOT_FOUND,
        /** Answered 429: put back like a release, the throttle counted. */
        THROTTLED,
        /** The claim was no longer this processor's when it finished: nothing written, only its usage settled. */
        LOST,
        /** A ride-along pair that did not complete: its row goes, no history and no retry (nobody asked for it). */
        DROPPED;

        public String sql() {
            return name().toLowerCase();
        }
    }

    public JobResult withWrite(Outcome outcome, String error, int rowsWritten, Integer writeMs) {
        return new JobResult(job, outcome, retryIn, error, httpStatus, bytes, rowsWritten, fetchMs, validateMs, writeMs,
                calls, callAt, rateLimited, errors);
    }

    /** The same result, its claim found lost at finish. */
    public JobResult lost() {
        return new JobResult(job, Outcome.LOST, retryIn, error, httpStatus, bytes, 0, fetchMs, validateMs, null,
                calls, callAt, rateLimited, errors);
    }

    public static JobResult release(ClaimedJob job, String reason) {
        return new JobResult(job, Outcome.RELEASE, null, reason, null, 0, 0, null, null, null, 0, null, 0, 0);
    }
}
