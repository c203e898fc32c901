package dev.freshet.processor.ridealong;

import dev.freshet.processor.claim.ClaimedJob;
import dev.freshet.processor.complete.JobResult;
import dev.freshet.processor.config.ProcessorConfig;
import dev.freshet.shared.handler.RefreshHandler;
import dev.freshet.shared.queue.JobOrigin;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.Scope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ride-along refreshes: a batch call costs one call however many of its symbol slots are used, so a
 * call made for fewer jobs than it can carry first takes the jobs of its data type still queued (ones the claim's
 * window of candidates left out; they keep their origin and are retried like any job), then carries cached pairs of
 * its data type that nobody has
 * queued: first those viewers look at that are past half their TTL (each would soon make a call of its
 * own), then any about to go stale, then the rest of those viewers look at, oldest first, so every call fills
 * its slots and the viewed pairs' refresh-ahead makes fewer calls of its own. The budget buys more freshness per call,
 * never more calls: a pair a viewer opens next is then often fresh already, with no wait for a fetch.
 * Riders are rows of the queue like any job (claimed by the call's claim, renewed, finished, written
 * and notified the same way), with one attempt, no call reserved (their estimated bytes are, within
 * the room a bytes-counted budget has left), and no trace when they fail.
 */
@ApplicationScoped
public class RideAlong {

    private static final Logger LOG = Logger.getLogger(RideAlong.class);

    private final Pool pool;
    private final ProcessorConfig config;

    public RideAlong(Pool pool, ProcessorConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /** The riders for a call of {@code jobs} that can carry {@code perCall} symbols; none when nothing fits or is due. */
    public Uni<List<ClaimedJob>> riders(DataType dt, RefreshHandler handler, List<ClaimedJob> jobs, int perCall) {
        int spare = perCall - jobs.size();
        if (spare <= 0 || jobs.isEmpty() || !carries(dt, handler)) {
            return Uni.createFrom().item(List.of());
        }
        ClaimedJob first = jobs.get(0);
        Tuple params = Tuple.tuple(new ArrayList<>(Arrays.asList(dt.dataType(), (double) dt.refreshAheadAge().toMillis() / 1000,
                dt.provider(), spare, first.claimedAt().atOffset(ZoneOffset.UTC), first.claimedBy(),
                (double) config.processor().lease().toMillis() / 1000, dt.estimatedBytes(), (double) dt.ttl().toMillis() / 2000)));
        long nanos = System.nanoTime();
        return pool.preparedQuery(RideAlongSql.claimRiders(dt)).execute(params)
                .map(rows -> {
                    List<ClaimedJob> riders = new ArrayList<>();
                    for (Row r : rows) {
                        riders.add(new ClaimedJob(r.getLong("job_id"), dt.dataType(), r.getString("symbol"), dt.provider(),
                                r.getInteger("priority"), r.getString("origin"), r.getInteger("viewer_count"), r.getInteger("attempts"),
                                r.getInteger("max_attempts"), r.getOffsetDateTime("enqueued_at").toInstant(),
                                first.claimedAt(), 0, dt.estimatedBytes(), 0, first.claimedBy(), nanos, r.getString("trace_parent")));
                    }
                    return riders;
                })
                .onFailure().recoverWithItem(e -> {
                    // riders are a bonus: the call goes ahead with the jobs it was made for
                    LOG.warnf("no ride-along pairs for this %s call: %s", dt.dataType(), e.getMessage());
                    return List.of();
                });
    }

    /** A rider that did not complete is dropped: nobody asked for it, so it is neither retried nor recorded. */
    public static List<JobResult> settle(List<JobResult> results) {
        return results.stream().map(r -> isRider(r.job()) && r.outcome() != JobResult.Outcome.COMPLETED
                ? r.withWrite(JobResult.Outcome.DROPPED, r.error(), 0, null) : r).toList();
    }

    public static boolean isRider(ClaimedJob job) {
        return JobOrigin.RIDE_ALONG.sql().equals(job.origin());
    }

    /**
     * Only live, per-symbol data types keyed by the symbol alone and fetched whole (not incrementally)
     * take riders: their stalest rows are then exactly the pairs to refresh.
     */
    private boolean carries(DataType dt, RefreshHandler handler) {
        return config.processor().rideAlong() && dt.writesLive() && dt.scope() == Scope.SYMBOL && dt.symbolColumn() != null
                && dt.tableName() != null && dt.timestampColumn() != null
                && dt.keyColumns().equals(List.of(dt.symbolColumn())) && handler.incrementalColumn(dt).isEmpty();
    }
}
