package dev.freshet.processor.incremental;

import dev.freshet.shared.queue.EnqueueCandidate;
import dev.freshet.shared.queue.JobEnqueuer;
import dev.freshet.shared.queue.JobOrigin;
import dev.freshet.shared.queue.Priorities;
import dev.freshet.shared.registry.DataType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Queues the next chunk of an incremental fetch in the transaction that completes the current one,
 * as a scheduled job at the data type's priority: a backfill goes on chunk after chunk without
 * waiting for the schedule, and a crash between chunks loses nothing (the next run starts from
 * what is stored).
 */
@ApplicationScoped
public class FollowUpJobs {

    private static final Logger LOG = Logger.getLogger(FollowUpJobs.class);

    private final JobEnqueuer enqueuer;

    public FollowUpJobs(JobEnqueuer enqueuer) {
        this.enqueuer = enqueuer;
    }

    /**
     * Must run after the completed jobs left the hot queue (FINISH_JOBS deletes them), in the same
     * transaction: the follow-up takes the (data_type, symbol) slot they held.
     */
    public Uni<Void> enqueue(SqlConnection conn, DataType dt, List<FollowUp> followUps) {
        if (followUps.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<EnqueueCandidate> candidates = followUps.stream()
                .map(f -> new EnqueueCandidate(f.symbol(), 0, Priorities.scheduled(dt), null)).toList();
        List<FollowUp> noted = followUps.stream().filter(f -> f.coveredThrough() != null).toList();
        return enqueuer.enqueue(conn, dt, JobOrigin.SCHEDULED, candidates).chain(result -> {
            LOG.debugf("%s: queued the next chunk of %d symbol(s)", dt.dataType(), result.insertedCount());
            if (noted.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            String[] symbols = noted.stream().map(FollowUp::symbol).toArray(String[]::new);
            OffsetDateTime[] through = noted.stream().map(f -> f.coveredThrough().atOffset(ZoneOffset.UTC))
                    .toArray(OffsetDateTime[]::new);
            return conn.preparedQuery(IncrementalSql.NOTE_COVERED)
                    .execute(Tuple.of(dt.dataType(), symbols, through)).replaceWithVoid();
        });
    }
}
