package dev.freshet.processor.complete;

import dev.freshet.processor.aggregate.AggregationFollowUp;
import dev.freshet.processor.config.ProcessorConfig;
import dev.freshet.processor.incremental.FollowUp;
import dev.freshet.processor.incremental.FollowUpJobs;
import dev.freshet.processor.transaction.PipelinedTransaction;
import dev.freshet.shared.registry.DataType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The finish transaction: first locks the queue rows of the claims it still holds (a claim lost to
 * lease recovery, whose job may have run again elsewhere with newer data, writes nothing and queues
 * nothing: {@link LostClaims}), then writes the rows of the successful results (live upsert or shadow record),
 * runs {@link FinishSql#FINISH_JOBS} for all of them and queues the follow-ups of completed ones that
 * have more due and the aggregation that follows written 1-minute bars ({@link AggregationFollowUp}), so a job is never completed without its data nor its data written without the job
 * completing, and a chunk of a backfill never completes without its successor. Deadlocks and
 * serialization failures retry the transaction; data the database refuses fails the affected jobs.
 */
@ApplicationScoped
public class FinishTransaction implements FinishAttempt {

    private static final Logger LOG = Logger.getLogger(FinishTransaction.class);

    private final Pool pool;
    private final ProcessorConfig config;
    private final TargetWriter target;
    private final FinishStatement statement;
    private final FollowUpJobs followUps;
    private final FinishMetrics metrics;
    private final EstimateCorrection estimates;
    private final LostClaims lostClaims;
    private final AggregationFollowUp aggregation;

    public FinishTransaction(Pool pool, ProcessorConfig config, TargetWriter target, FinishStatement statement,
                             FollowUpJobs followUps, FinishMetrics metrics, EstimateCorrection estimates, LostClaims lostClaims,
                             AggregationFollowUp aggregation) {
        this.pool = pool;
        this.config = config;
        this.target = target;
        this.statement = statement;
        this.followUps = followUps;
        this.metrics = metrics;
        this.estimates = estimates;
        this.lostClaims = lostClaims;
        this.aggregation = aggregation;
    }

    @Override
    public Uni<Void> run(DataType dt, List<JobResult> results, FinishWrites writes, boolean judgeRefusal) {
        return attempt(dt, results, writes, 0, judgeRefusal);
    }

    private Uni<Void> attempt(DataType dt, List<JobResult> results, FinishWrites writes, int retry, boolean judgeRefusal) {
        return PipelinedTransaction.run(pool, tx -> tx.begin(statement.lockHeld(tx.connection(), results)).chain(held -> {
                    SqlConnection conn = tx.connection();
                    List<JobResult> fenced = fence(results, held);
                    FinishWrites ours = writes.onlyFor(completedSymbols(fenced));
                    return target.write(conn, dt, fenced, ours).chain(done -> statement.finish(conn, done)
                            .chain(() -> followUps.enqueue(conn, dt, completed(ours.followUps(), done)))
                            .chain(() -> aggregation.afterWrite(conn, dt, written(done)))
                            .chain(() -> tx.commit(Uni.createFrom().item(done))));
                }))
                .invoke(done -> {
                    lostClaims.count(dt, done);
                    metrics.finished(done);
                    estimates.observe(dt, done);
                })
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
                    return attempt(dt, failed, FinishWrites.NONE, 0, true);
                });
    }

    /** Results whose claim is no longer held become {@code lost}: no data, no follow-up, no queue change. */
    private static List<JobResult> fence(List<JobResult> results, Set<Long> held) {
        return results.stream().map(r -> held.contains(r.job().jobId()) ? r : r.lost()).toList();
    }

    private static Set<String> completedSymbols(List<JobResult> results) {
        Set<String> completed = new HashSet<>();
        for (JobResult r : results) {
            if (r.outcome() == JobResult.Outcome.COMPLETED) {
                completed.add(r.job().symbol());
            }
        }
        return completed;
    }

    /** Symbols of completing jobs that wrote rows. */
    private static Set<String> written(List<JobResult> results) {
        Set<String> written = new TreeSet<>();
        for (JobResult r : results) {
            if (r.outcome() == JobResult.Outcome.COMPLETED && r.rowsWritten() > 0) {
                written.add(r.job().symbol());
            }
        }
        return written;
    }

    /** The follow-ups of jobs that are completing (a write failure or a lost claim queues none). */
    private static List<FollowUp> completed(List<FollowUp> followUps, List<JobResult> results) {
        if (followUps.isEmpty()) {
            return followUps;
        }
        Set<String> completed = completedSymbols(results);
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

    private static String name(DataType dt) {
        return dt == null ? "an unknown data type" : dt.dataType();
    }
}
