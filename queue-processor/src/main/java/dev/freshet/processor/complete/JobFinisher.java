package dev.freshet.processor.complete;

import dev.freshet.processor.config.InstanceId;
import dev.freshet.processor.config.ProcessorConfig;
import dev.freshet.processor.incremental.FollowUp;
import dev.freshet.processor.incremental.FollowUpJobs;
import dev.freshet.shared.handler.SymbolOutcome;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.WriteMode;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ends claims: in one transaction, writes the rows of the successful ones (live upsert or shadow
 * record), runs {@link FinishSql#FINISH_JOBS} for all of them and queues the follow-ups of completed
 * ones that have more due, so a job is never completed without its data nor its data written
 * without the job completing, and a chunk of a backfill never completes without its successor.
 * Deadlocks and serialization failures retry the transaction; any other write failure fails the
 * affected jobs, not the others.
 */
@ApplicationScoped
public class JobFinisher {

    private static final Logger LOG = Logger.getLogger(JobFinisher.class);

    private final Pool pool;
    private final Clock clock;
    private final String instanceId;
    private final ProcessorConfig config;
    private final MeterRegistry meters;
    private final FollowUpJobs followUps;
    private final FinishLanes lanes;
    private final Map<String, Instant> lastEstimate = new ConcurrentHashMap<>();

    public JobFinisher(Pool pool, Clock clock, InstanceId instanceId, ProcessorConfig config, MeterRegistry meters,
                       FollowUpJobs followUps) {
        this.pool = pool;
        this.clock = clock;
        this.instanceId = instanceId.value();
        this.config = config;
        this.meters = meters;
        this.followUps = followUps;
        this.lanes = new FinishLanes((dt, results, writes, judgeRefusal) -> attempt(dt, results, writes, 0, judgeRefusal));
    }

    /**
     * Rows or an in-database write to apply for the completed results, by symbol, and the follow-up
     * jobs to queue for those of them that complete.
     */
    public record Writes(List<SymbolOutcome.Rows> rows, List<SymbolOutcome.SqlWrite> sql, List<FollowUp> followUps) {

        public Writes(List<SymbolOutcome.Rows> rows, List<SymbolOutcome.SqlWrite> sql) {
            this(rows, sql, List.of());
        }

        public boolean isEmpty() {
            return rows.isEmpty() && sql.isEmpty();
        }
    }

    /** Finishes one call's results; rows of a known data type may share a transaction ({@link FinishLanes}). */
    public Uni<Void> finish(DataType dt, List<JobResult> results, Writes writes) {
        if (dt == null || !writes.sql().isEmpty()) {
            return attempt(dt, results, writes, 0);
        }
        return lanes.finish(dt, results, writes);
    }

    private Uni<Void> attempt(DataType dt, List<JobResult> results, Writes writes, int retry) {
        return attempt(dt, results, writes, retry, true);
    }

    /**
     * @param judgeRefusal whether data the database refuses fails the completed jobs (false for a
     *                     group of calls: the caller then finishes each call on its own, so one call's bad
     *                     rows never fail another's jobs)
     */
    private Uni<Void> attempt(DataType dt, List<JobResult> results, Writes writes, int retry, boolean judgeRefusal) {
        return pool.withTransaction(conn -> write(conn, dt, results, writes).chain(done -> finishAll(conn, done)
                        .chain(() -> followUps.enqueue(conn, dt, completed(writes.followUps(), done)))
                        .replaceWith(done)))
                .invoke(done -> afterCommit(dt, done))
                .replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    if (transient_(e) && retry < config.processor().writeRetries()) {
                        LOG.debugf("write of %s hit %s, retrying", name(dt), e.getMessage());
                        return attempt(dt, results, writes, retry + 1, judgeRefusal);
                    }
                    if (writes.isEmpty() || databaseUnavailable(e) || !judgeRefusal) {
                        // the data was never judged: the leases return these jobs once the database is back
                        return Uni.createFrom().failure(e);
                    }
                    LOG.warnf("writing %s failed, failing its jobs: %s", name(dt), e.getMessage());
                    List<JobResult> failed = results.stream().map(r -> r.outcome() == JobResult.Outcome.COMPLETED
                            ? r.withWrite(JobResult.Outcome.FAILED, "write failed: " + e.getMessage(), 0, null) : r).toList();
                    return attempt(dt, failed, new Writes(List.of(), List.of()), 0);
                });
    }

    /** The follow-ups of jobs that are completing (a write failure or a lost claim queues none). */
    private static List<FollowUp> completed(List<FollowUp> followUps, List<JobResult> results) {
        if (followUps.isEmpty()) {
            return followUps;
        }
        Set<String> completed = new HashSet<>();
        for (JobResult r : results) {
            if (r.outcome() == JobResult.Outcome.COMPLETED) {
                completed.add(r.job().symbol());
            }
        }
        return followUps.stream().filter(f -> completed.contains(f.symbol())).toList();
    }

    /**
     * The database could not be reached or was going away (connection errors, shutdown, out of
     * resources), as opposed to refusing the data itself: such a write says nothing about the job.
     */
    static boolean databaseUnavailable(Throwable e) {
        if (e instanceof PgException pg) {
            String state = pg.getSqlState();
            return state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57"));
        }
        return true;
    }

    private static boolean transient_(Throwable e) {
        return e instanceof PgException pg && ("40P01".equals(pg.getSqlState()) || "40001".equals(pg.getSqlState()));
    }

    /** Writes the data and returns the results with rows written and write time filled in. */
    private Uni<List<JobResult>> write(SqlConnection conn, DataType dt, List<JobResult> results, Writes writes) {
        if (writes.isEmpty()) {
            return Uni.createFrom().item(results);
        }
        long t0 = System.nanoTime();
        Instant now = clock.instant();
        Uni<long[]> rowsWritten = Uni.createFrom().item(new long[]{0, 0});
        Set<String> mapped = new LinkedHashSet<>();
        JsonArray all = new JsonArray();
        String ts = now.atOffset(ZoneOffset.UTC).toString();
        for (SymbolOutcome.Rows r : writes.rows()) {
            for (JsonObject row : r.rows()) {
                mapped.addAll(row.fieldNames());
                // the row's timestamp is the commit's, so readers and the refreshed event agree
                all.add(row.copy().put(dt.timestampColumn(), ts));
            }
        }
        // outcomes with no rows (an incremental range with nothing new yet) complete without a statement
        if (!all.isEmpty()) {
            List<String> columns = TargetSql.columns(dt, mapped);
            String sql = dt.writeMode() == WriteMode.SHADOW ? TargetSql.shadow(dt, columns) : TargetSql.upsert(dt, columns);
            Tuple params = dt.writeMode() == WriteMode.SHADOW
                    ? Tuple.of(all, dt.dataType(), now.atOffset(ZoneOffset.UTC)) : Tuple.of(all);
            rowsWritten = conn.preparedQuery(sql).execute(params).map(rs -> {
                Row r = rs.iterator().next();
                return new long[]{r.getLong("incoming"), r.getLong("written")};
            });
        }
        return rowsWritten.chain(counts -> runSqlWrites(conn, writes.sql()).map(sqlCounts -> {
            int writeMs = (int) Duration.ofNanos(System.nanoTime() - t0).toMillis();
            long kept = counts[0] - counts[1];
            Map<String, Integer> perSymbol = new java.util.HashMap<>(sqlCounts);
            for (SymbolOutcome.Rows r : writes.rows()) {
                perSymbol.put(r.symbol(), writes.rows().size() == 1 ? (int) counts[1] : r.rows().size());
            }
            String note = kept > 0 ? "kept " + kept + " stored row(s) whose source timestamp is newer than the fetched data" : null;
            List<JobResult> out = new ArrayList<>(results.size());
            for (JobResult r : results) {
                Integer n = r.outcome() == JobResult.Outcome.COMPLETED ? perSymbol.get(r.job().symbol()) : null;
                out.add(n == null ? r : r.withWrite(JobResult.Outcome.COMPLETED, note, n, writeMs));
            }
            return out;
        }));
    }

    private Uni<Map<String, Integer>> runSqlWrites(SqlConnection conn, List<SymbolOutcome.SqlWrite> writes) {
        Uni<Map<String, Integer>> chain = Uni.createFrom().item(new java.util.HashMap<>());
        for (SymbolOutcome.SqlWrite w : writes) {
            chain = chain.chain(m -> w.write().apply(conn).map(n -> {
                m.put(w.symbol(), n);
                return m;
            }));
        }
        return chain;
    }

    private Uni<Void> finishAll(SqlConnection conn, List<JobResult> results) {
        int n = results.size();
        Long[] ids = new Long[n];
        Integer[] attempts = new Integer[n];
        String[] outcome = new String[n];
        java.time.OffsetDateTime[] runAfter = new java.time.OffsetDateTime[n];
        String[] error = new String[n];
        Integer[] status = new Integer[n];
        Long[] bytes = new Long[n];
        Integer[] rows = new Integer[n];
        Integer[] fetch = new Integer[n];
        Integer[] validate = new Integer[n];
        Integer[] writeMs = new Integer[n];
        Integer[] calls = new Integer[n];
        java.time.OffsetDateTime[] callAt = new java.time.OffsetDateTime[n];
        Integer[] limited = new Integer[n];
        Integer[] errors = new Integer[n];
        String[] provider = new String[n];
        for (int i = 0; i < n; i++) {
            JobResult r = results.get(i);
            ids[i] = r.job().jobId();
            attempts[i] = r.job().attempts();
            outcome[i] = r.outcome().sql();
            runAfter[i] = r.runAfter() == null ? null : r.runAfter().atOffset(ZoneOffset.UTC);
            error[i] = r.error();
            status[i] = r.httpStatus();
            bytes[i] = r.bytes();
            rows[i] = r.rowsWritten();
            fetch[i] = r.fetchMs();
            validate[i] = r.validateMs();
            writeMs[i] = r.writeMs();
            calls[i] = r.calls();
            callAt[i] = r.callAt() == null ? null : r.callAt().atOffset(ZoneOffset.UTC);
            limited[i] = r.rateLimited();
            errors[i] = r.errors();
            provider[i] = r.job().provider();
        }
        Tuple params = Tuple.from(new Object[]{clock.instant().atOffset(ZoneOffset.UTC), instanceId, ids, attempts, outcome,
                runAfter, error, status, bytes, rows, fetch, validate, writeMs, calls, callAt, limited, errors, provider});
        return conn.preparedQuery(FinishSql.FINISH_JOBS).execute(params).replaceWithVoid();
    }

    private void afterCommit(DataType dt, List<JobResult> results) {
        for (JobResult r : results) {
            meters.counter("freshet_jobs_finished_total", "data_type", r.job().dataType(), "outcome", r.outcome().sql()).increment();
            if (r.outcome() == JobResult.Outcome.COMPLETED) {
                meters.timer("freshet_job_queue_wait", "data_type", r.job().dataType())
                        .record(Duration.between(r.job().enqueuedAt(), r.job().claimedAt()).abs());
            }
            meters.timer("freshet_job_duration", "data_type", r.job().dataType(), "outcome", r.outcome().sql())
                    .record(Duration.between(r.job().claimedAt(), clock.instant()).abs());
        }
        correctEstimate(dt, results);
    }

    private static String name(DataType dt) {
        return dt == null ? "an unknown data type" : dt.dataType();
    }

    private void correctEstimate(DataType dt, List<JobResult> results) {
        if (dt == null) {
            return;
        }
        long sum = 0;
        int count = 0;
        for (JobResult r : results) {
            if (r.outcome() == JobResult.Outcome.COMPLETED && r.bytes() > 0) {
                sum += r.bytes();
                count++;
            }
        }
        if (count == 0) {
            return;
        }
        Instant now = clock.instant();
        Instant last = lastEstimate.get(dt.dataType());
        // a registry write notifies every service to reload it: correct at most every so often
        if (dt.estimatedBytes() != 0 && last != null && last.plus(config.processor().estimateUpdateEvery()).isAfter(now)) {
            return;
        }
        lastEstimate.put(dt.dataType(), now);
        pool.preparedQuery(FinishSql.CORRECT_ESTIMATE).execute(Tuple.of(dt.dataType(), sum / count))
                .subscribe().with(ok -> { }, e -> LOG.debugf("estimate correction of %s failed: %s", dt.dataType(), e.getMessage()));
    }
}
