package dev.freshet.checker.aggregation;

import dev.freshet.checker.run.InstanceId;
import dev.freshet.checker.run.TaskOutcome;
import dev.freshet.shared.aggregation.AggregationSql;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Each run: creates the tasks missing for new symbols (registry sync), then claims the due ones by
 * priority and queues one aggregate-bars job per task, in the aggregation-due task's transaction.
 */
@ApplicationScoped
public class DueAggregationTasks implements AggregationDueSource {

    private final DueAggregationConfig config;
    private final String instanceId;

    public DueAggregationTasks(DueAggregationConfig config, InstanceId instanceId) {
        this.config = config;
        this.instanceId = instanceId.value();
    }

    @Override
    public Uni<TaskOutcome> enqueueDue(SqlConnection tx, Instant now) {
        return tx.preparedQuery(AggregationSql.SYNC_FROM_REGISTRY).execute(Tuple.of(config.startUtc().atOffset(ZoneOffset.UTC)))
                .map(rs -> rs.iterator().next())
                .chain(sync -> tx.preparedQuery(AggregationSql.ENQUEUE_DUE)
                        .execute(Tuple.of(instanceId, now.atOffset(ZoneOffset.UTC), config.batchSize(),
                                (int) config.staleRunningAfter().toSeconds()))
                        .map(rs -> outcome(sync, rs.iterator().next())));
    }

    private static TaskOutcome outcome(Row sync, Row due) {
        int claimed = (int) due.getLong("claimed").longValue();
        int queued = (int) due.getLong("queued").longValue();
        return new TaskOutcome(claimed, queued, new JsonObject()
                .put("symbols", sync.getInteger("symbols"))
                .put("tasksCreated", sync.getInteger("tasks_created"))
                .put("tasksTotal", sync.getInteger("tasks_total"))
                .put("claimed", claimed)
                .put("queued", queued));
    }
}
