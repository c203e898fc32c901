package dev.freshet.processor.complete;

import dev.freshet.processor.claim.ClaimedJob;

import java.time.Instant;

/** How one claim ends, with what history and usage record about it. */
public record JobResult(ClaimedJob job, Outcome outcome, Instant runAfter, String error, Integer httpStatus,
                        long bytes, int rowsWritten, Integer fetchMs, Integer validateMs, Integer writeMs,
                        int calls, Instant callAt, int rateLimited, int errors) {

    public enum Outcome {
        COMPLETED, FAILED, RETRY, RELEASE;

        public String sql() {
            return name().toLowerCase();
        }
    }

    public JobResult withWrite(Outcome outcome, String error, int rowsWritten, Integer writeMs) {
        return new JobResult(job, outcome, runAfter, error, httpStatus, bytes, rowsWritten, fetchMs, validateMs, writeMs,
                calls, callAt, rateLimited, errors);
    }

    public static JobResult release(ClaimedJob job, Instant runAfter, String reason) {
        return new JobResult(job, Outcome.RELEASE, runAfter, reason, null, 0, 0, null, null, null, 0, null, 0, 0);
    }
}
