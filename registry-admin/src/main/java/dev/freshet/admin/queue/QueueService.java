package dev.freshet.admin.queue;

import dev.freshet.admin.audit.ChangeMetrics;
import dev.freshet.admin.AdminConfig;
import dev.freshet.admin.common.Page;
import dev.freshet.admin.common.Params;
import dev.freshet.admin.common.Symbols;
import dev.freshet.shared.problem.ProblemException;
import dev.freshet.shared.queue.EnqueueCandidate;
import dev.freshet.shared.queue.JobEnqueuer;
import dev.freshet.shared.queue.JobOrigin;
import dev.freshet.shared.queue.JobSql;
import dev.freshet.shared.queue.Priorities;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.RegistrySql;
import dev.freshet.shared.registry.RolloutState;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import dev.freshet.admin.audit.AuditSql;

/** Operator actions on the queue; each change is audited in its transaction. */
@ApplicationScoped
public class QueueService {

    private static final Logger LOG = Logger.getLogger(QueueService.class);

    static final Set<String> HOT_STATUSES = Set.of("pending", "processing");
    static final Set<String> FINISHED_STATUSES = Set.of("completed", "failed", "cancelled");

    private final Pool pool;
    private final Clock clock;
    private final AdminConfig config;
    private final JobEnqueuer enqueuer;

    private final ChangeMetrics metrics;

    public QueueService(Pool pool, Clock clock, AdminConfig config, JobEnqueuer enqueuer, ChangeMetrics metrics) {
        this.metrics = metrics;
        this.pool = pool;
        this.clock = clock;
        this.config = config;
        this.enqueuer = enqueuer;
    }

    public Uni<QueueViews.Stats> stats(Instant since) {
        Instant now = clock.instant();
        Instant from = since == null ? now.minus(config.reportWindow()) : since;
        return pool.preparedQuery(QueueSql.STATS).execute(Tuple.of(Params.utc(from), Params.utc(now))).map(rows -> {
            List<QueueViews.DataTypeCounts> per = new ArrayList<>();
            long[] t = new long[6];
            for (Row r : rows) {
                QueueViews.Counts c = new QueueViews.Counts(r.getLong("pending"), r.getLong("processing"),
                        r.getLong("backing_off"), r.getLong("completed"), r.getLong("failed"), r.getLong("cancelled"));
                t[0] += c.pending();
                t[1] += c.processing();
                t[2] += c.backingOff();
                t[3] += c.completed();
                t[4] += c.failed();
                t[5] += c.cancelled();
                per.add(new QueueViews.DataTypeCounts(r.getString("data_type"), c,
                        dev.freshet.admin.common.Rows.instant(r, "oldest_pending_at")));
            }
            return new QueueViews.Stats(from, new QueueViews.Counts(t[0], t[1], t[2], t[3], t[4], t[5]), per);
        });
    }

    public Uni<Page<QueueViews.Job>> jobs(String status, String dataType, String symbol, String cursor, Integer limit) {
        int n = Params.limit(limit, config.defaultPageSize(), config.maxPageSize());
        Tuple params = Tuple.from(Arrays.asList(Params.oneOf("status", status, HOT_STATUSES), blankToNull(dataType),
                blankToNull(symbol), Params.cursor(cursor), n));
        return pool.preparedQuery(QueueSql.LIST_JOBS).execute(params).map(rows -> {
            List<QueueViews.Job> out = new ArrayList<>();
            rows.forEach(r -> out.add(QueueViews.Job.of(r)));
            return Page.of(out, n, QueueViews.Job::jobId);
        });
    }

    public Uni<Page<QueueViews.FinishedJob>> history(String status, String dataType, String symbol, Instant since,
                                                     Instant until, String cursor, Integer limit) {
        int n = Params.limit(limit, config.defaultPageSize(), config.maxPageSize());
        HistoryCursor c = HistoryCursor.parse(cursor);
        Tuple params = Tuple.from(Arrays.asList(Params.oneOf("status", status, FINISHED_STATUSES), blankToNull(dataType),
                blankToNull(symbol), Params.utc(since), Params.utc(until),
                c == null ? null : Params.utc(c.finishedAt()), c == null ? null : c.jobId(), n));
        return pool.preparedQuery(QueueSql.LIST_HISTORY).execute(params).map(rows -> {
            List<QueueViews.FinishedJob> out = new ArrayList<>();
            rows.forEach(r -> out.add(QueueViews.FinishedJob.of(r)));
            return Page.of(out, n, j -> new HistoryCursor(j.finishedAt(), j.jobId()).encode());
        });
    }

    /** Queues a refresh of one pair at the manual priority (or raises an already queued one). */
    public Uni<QueueViews.Action> refresh(String dataType, String symbol, String actor) {
        if (dataType == null || dataType.isBlank()) {
            return Uni.createFrom().failure(ProblemException.badRequest("dataType is required"));
        }
        return pool.withTransaction(conn -> dataType(conn, dataType).flatMap(dt -> {
            if (dt == null) {
                throw ProblemException.notFound("data type '" + dataType + "' does not exist");
            }
            String sym = Symbols.require(dt, symbol);
            return enqueueManual(conn, dt, sym, actor, "refresh", null);
        }));
    }

    /**
     * Retries a job: a failed or cancelled one is queued again at the manual priority; a pending one
     * waiting out a backoff runs now. A running or completed job cannot be retried.
     */
    public Uni<QueueViews.Action> retry(long jobId, String actor) {
        Instant now = clock.instant();
        return pool.withTransaction(conn -> conn.preparedQuery(QueueSql.LOCK_JOB).execute(Tuple.of(jobId)).flatMap(hot -> {
            RowIterator<Row> it = hot.iterator();
            if (it.hasNext()) {
                Row job = it.next();
                if ("processing".equals(job.getString("status"))) {
                    throw ProblemException.conflict("job " + jobId + " is running on " + job.getString("claimed_by"));
                }
                return conn.preparedQuery(QueueSql.RUN_NOW).execute(Tuple.of(jobId, Params.utc(now), Priorities.MANUAL))
                        .flatMap(x -> audit(conn, actor, String.valueOf(jobId), "retry", job.getValue("row_json"),
                                new JsonObject().put("runAfter", now.toString()).put("priorityAtLeast", Priorities.MANUAL)))
                        .map(x -> {
                            metrics.changed("job", "retry");
                            return new QueueViews.Action("run_now", jobId, job.getString("data_type"), job.getString("symbol"));
                        });
            }
            return conn.preparedQuery(QueueSql.LAST_HISTORY).execute(Tuple.of(jobId)).flatMap(hist -> {
                RowIterator<Row> h = hist.iterator();
                if (!h.hasNext()) {
                    throw ProblemException.notFound("job " + jobId + " does not exist");
                }
                Row done = h.next();
                if ("completed".equals(done.getString("status"))) {
                    throw ProblemException.conflict("job " + jobId + " completed; queue a refresh of its pair instead");
                }
                String dtName = done.getString("data_type");
                return dataType(conn, dtName).flatMap(dt -> {
                    if (dt == null) {
                        throw ProblemException.conflict("data type '" + dtName + "' of job " + jobId + " no longer exists");
                    }
                    return enqueueManual(conn, dt, done.getString("symbol"), actor, "retry", done.getValue("row_json"));
                });
            });
        }));
    }

    /** Cancels a pending job (moves it to history as cancelled); a running job is left to finish. */
    public Uni<QueueViews.Action> cancel(long jobId, String actor) {
        Instant now = clock.instant();
        return pool.withTransaction(conn -> conn.preparedQuery(QueueSql.LOCK_JOB).execute(Tuple.of(jobId)).flatMap(hot -> {
            RowIterator<Row> it = hot.iterator();
            if (!it.hasNext()) {
                throw ProblemException.notFound("job " + jobId + " is not queued");
            }
            Row job = it.next();
            if ("processing".equals(job.getString("status"))) {
                throw ProblemException.conflict("job " + jobId + " is running on " + job.getString("claimed_by")
                        + "; only pending jobs can be cancelled");
            }
            Tuple archive = Tuple.from(Arrays.asList(new Long[]{jobId}, "cancelled", Params.utc(now),
                    "cancelled by " + actor, true));
            return conn.preparedQuery(JobSql.ARCHIVE).execute(archive)
                    .flatMap(x -> audit(conn, actor, String.valueOf(jobId), "cancel", job.getValue("row_json"),
                            new JsonObject().put("status", "cancelled")))
                    .map(x -> {
                        LOG.infof("%s cancelled job %d (%s/%s)", actor, jobId, job.getString("data_type"), job.getString("symbol"));
                        metrics.changed("job", "cancel");
                        return new QueueViews.Action("cancelled", jobId, job.getString("data_type"), job.getString("symbol"));
                    });
        }));
    }

    public Uni<QueueViews.Purged> purge(Instant finishedBefore, String status, String dataType, String actor) {
        if (finishedBefore == null) {
            return Uni.createFrom().failure(ProblemException.badRequest(
                    "query parameter 'finishedBefore' is required: a purge always names its horizon"));
        }
        Tuple params = Tuple.from(Arrays.asList(Params.utc(finishedBefore), Params.oneOf("status", status, FINISHED_STATUSES),
                blankToNull(dataType), actor));
        return pool.preparedQuery(QueueSql.PURGE_HISTORY).execute(params).map(rows -> {
            long n = rows.iterator().next().getLong("deleted");
            LOG.infof("%s purged %d finished job(s) before %s", actor, n, finishedBefore);
            metrics.changed("job", "purge");
            return new QueueViews.Purged(n);
        });
    }

    private Uni<QueueViews.Action> enqueueManual(SqlConnection conn, DataType dt, String symbol, String actor,
                                                  String action, Object before) {
        if (dt.rolloutState() == RolloutState.OFF) {
            // nothing would ever claim it: the job would wait in the queue for good
            return Uni.createFrom().failure(ProblemException.conflict("data type '" + dt.dataType()
                    + "' is off, so nothing would run the refresh; turn it on (shadow or live) first"));
        }
        return enqueuer.enqueue(conn, dt, JobOrigin.MANUAL, List.of(new EnqueueCandidate(symbol, 0, Priorities.MANUAL, null)))
                .flatMap(result -> conn.preparedQuery(QueueSql.HOT_JOB_OF).execute(Tuple.of(dt.dataType(), symbol))
                        .flatMap(rows -> {
                            Long newId = rows.iterator().hasNext() ? rows.iterator().next().getLong("job_id") : null;
                            String outcome = result.inserted().contains(symbol) ? "queued"
                                    : result.raised().contains(symbol) ? "raised" : "already_queued";
                            JsonObject after = new JsonObject().put("outcome", outcome).put("jobId", newId)
                                    .put("dataType", dt.dataType()).put("symbol", symbol);
                            return audit(conn, actor, String.valueOf(newId), action, before, after).map(x -> {
                                LOG.infof("%s %s %s/%s: %s", actor, action, dt.dataType(), symbol, outcome);
                                metrics.changed("job", action);
                                return new QueueViews.Action(outcome, newId, dt.dataType(), symbol);
                            });
                        }));
    }

    private static Uni<Void> audit(SqlConnection conn, String actor, String jobId, String action, Object before, JsonObject after) {
        return conn.preparedQuery(AuditSql.INSERT).execute(Tuple.from(Arrays.asList(actor, "job", jobId, action, before, after)))
                .replaceWithVoid();
    }

    private static Uni<DataType> dataType(SqlConnection conn, String name) {
        return conn.preparedQuery(RegistrySql.SELECT_ONE).execute(Tuple.of(name)).map(rows ->
                rows.iterator().hasNext() ? RegistrySql.map(rows.iterator().next()) : null);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Keyset position in the history list: finish time (microseconds) and job id. */
    record HistoryCursor(Instant finishedAt, long jobId) {

        String encode() {
            return ChronoUnit.MICROS.between(Instant.EPOCH, finishedAt) + "_" + jobId;
        }

        static HistoryCursor parse(String s) {
            if (s == null || s.isBlank()) {
                return null;
            }
            String[] p = s.split("_");
            try {
                if (p.length != 2) {
                    throw new NumberFormatException();
                }
                return new HistoryCursor(Instant.EPOCH.plus(Long.parseLong(p[0]), ChronoUnit.MICROS), Long.parseLong(p[1]));
            } catch (RuntimeException e) {
                throw ProblemException.badRequest("the cursor is not valid; pass back the nextCursor of the previous page");
            }
        }
    }
}
