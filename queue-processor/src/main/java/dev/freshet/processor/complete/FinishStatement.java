package dev.freshet.processor.complete;

import dev.freshet.processor.config.ProcessorConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs the queue side of a finish: {@link FinishSql#LOCK_HELD_CLAIMS} and {@link FinishSql#FINISH_JOBS},
 * each result one element of their jsonb input.
 */
@ApplicationScoped
public class FinishStatement {

    private final Clock clock;
    private final ProcessorConfig config;

    public FinishStatement(Clock clock, ProcessorConfig config) {
        this.clock = clock;
        this.config = config;
    }

    /** The job ids of the results whose claims are still held, their rows locked until the transaction ends. */
    Uni<Set<Long>> lockHeld(SqlConnection conn, List<JobResult> results) {
        return conn.preparedQuery(FinishSql.LOCK_HELD_CLAIMS).execute(Tuple.of(input(results, clock.instant()))).map(rows -> {
            Set<Long> held = new HashSet<>();
            for (Row r : rows) {
                held.add(r.getLong("job_id"));
            }
            return held;
        });
    }

    Uni<Void> finish(SqlConnection conn, List<JobResult> results) {
        return conn.preparedQuery(FinishSql.FINISH_JOBS)
                .execute(Tuple.of(input(results, clock.instant()), Math.max(1, config.processor().maxThrottles())))
                .replaceWithVoid();
    }

    /** @param now this JVM's time, only to turn the call's time into its age */
    static JsonArray input(List<JobResult> results, Instant now) {
        JsonArray input = new JsonArray();
        results.forEach(r -> input.add(row(r, now)));
        return input;
    }

    static JsonObject row(JobResult r, Instant now) {
        return new JsonObject()
                .put("job_id", r.job().jobId())
                .put("claimed_by", r.job().claimedBy())
                .put("claim_attempts", r.job().attempts())
                .put("outcome", r.outcome().sql())
                .put("retry_in_ms", r.retryIn() == null ? null : r.retryIn().toMillis())
                .put("error", r.error())
                .put("http_status", r.httpStatus())
                .put("bytes", r.bytes())
                .put("rows_written", r.rowsWritten())
                .put("fetch_ms", r.fetchMs())
                .put("validate_ms", r.validateMs())
                .put("write_ms", r.writeMs())
                .put("calls", r.calls())
                .put("call_age_ms", r.callAt() == null ? null : Math.max(0, Duration.between(r.callAt(), now).toMillis()))
                .put("claimed_at", r.job().claimedAt())
                .put("rate_limited", r.rateLimited())
                .put("errors", r.errors())
                .put("provider", r.job().provider());
    }
}
