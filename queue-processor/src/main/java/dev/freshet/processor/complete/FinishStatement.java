package dev.freshet.processor.complete;

import dev.freshet.processor.claim.ClaimedJob;
import dev.freshet.processor.config.ProcessorConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs the queue side of a finish: {@link FinishSql#LOCK_HELD_CLAIMS} and {@link FinishSql#FINISH_JOBS},
 * each result one element of each of their input arrays.
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
        Long[] ids = new Long[results.size()];
        String[] claimedBy = new String[results.size()];
        Integer[] attempts = new Integer[results.size()];
        for (int i = 0; i < ids.length; i++) {
            ClaimedJob job = results.get(i).job();
            ids[i] = job.jobId();
            claimedBy[i] = job.claimedBy();
            attempts[i] = job.attempts();
        }
        return conn.preparedQuery(FinishSql.LOCK_HELD_CLAIMS).execute(Tuple.of(ids, claimedBy, attempts)).map(rows -> {
            Set<Long> held = new HashSet<>();
            for (Row r : rows) {
                held.add(r.getLong("job_id"));
            }
            return held;
        });
    }

    Uni<Void> finish(SqlConnection conn, List<JobResult> results) {
        return conn.preparedQuery(FinishSql.FINISH_JOBS)
                .execute(Tuple.from(params(results, clock.instant(), Math.max(1, config.processor().maxThrottles()))))
                .replaceWithVoid();
    }

    /**
     * The parameters of {@link FinishSql#FINISH_JOBS}: one array per column of its input, then the most throttles of one job.
     *
     * @param now this JVM's time, only to turn the call's time into its age
     */
    public static List<Object> params(List<JobResult> results, Instant now, int maxThrottles) {
        int n = results.size();
        Long[] jobIds = new Long[n];
        String[] claimedBy = new String[n];
        Integer[] claimAttempts = new Integer[n];
        String[] outcomes = new String[n];
        Long[] retryInMs = new Long[n];
        String[] errors = new String[n];
        Integer[] httpStatus = new Integer[n];
        Long[] bytes = new Long[n];
        Integer[] rowsWritten = new Integer[n];
        Integer[] fetchMs = new Integer[n];
        Integer[] validateMs = new Integer[n];
        Integer[] writeMs = new Integer[n];
        Integer[] calls = new Integer[n];
        Long[] callAgeMs = new Long[n];
        OffsetDateTime[] claimedAt = new OffsetDateTime[n];
        Integer[] rateLimited = new Integer[n];
        Integer[] callErrors = new Integer[n];
        String[] providers = new String[n];
        for (int i = 0; i < n; i++) {
            JobResult r = results.get(i);
            ClaimedJob job = r.job();
            jobIds[i] = job.jobId();
            claimedBy[i] = job.claimedBy();
            claimAttempts[i] = job.attempts();
            outcomes[i] = r.outcome().sql();
            retryInMs[i] = r.retryIn() == null ? null : r.retryIn().toMillis();
            errors[i] = r.error();
            httpStatus[i] = r.httpStatus();
            bytes[i] = r.bytes();
            rowsWritten[i] = r.rowsWritten();
            fetchMs[i] = r.fetchMs();
            validateMs[i] = r.validateMs();
            writeMs[i] = r.writeMs();
            calls[i] = r.calls();
            callAgeMs[i] = r.callAt() == null ? null : Math.max(0, Duration.between(r.callAt(), now).toMillis());
            claimedAt[i] = job.claimedAt() == null ? null : job.claimedAt().atOffset(ZoneOffset.UTC);
            rateLimited[i] = r.rateLimited();
            callErrors[i] = r.errors();
            providers[i] = job.provider();
        }
        return List.of(jobIds, claimedBy, claimAttempts, outcomes, retryInMs, errors, httpStatus, bytes, rowsWritten,
                fetchMs, validateMs, writeMs, calls, callAgeMs, claimedAt, rateLimited, callErrors, providers, maxThrottles);
    }
}
