package dev.freshet.checker.aggregation;

import dev.freshet.checker.run.CheckerTask;
import dev.freshet.checker.run.InstanceId;
import dev.freshet.checker.run.ScheduledTask;
import dev.freshet.checker.run.TaskDescriptor;
import dev.freshet.checker.run.TaskOutcome;
import dev.freshet.checker.run.Times;
import dev.freshet.shared.aggregation.AggregationSql;
import dev.freshet.shared.registry.Registry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * Each run: creates the aggregation tasks missing for new symbols (registry sync), then claims the
 * due ones by priority and queues one aggregate-bars job per task, in one transaction. Does nothing
 * at all while no data type with the aggregation handler is enabled.
 */
@ApplicationScoped
public class AggregationDue implements ScheduledTask {

    /** The registry handler of derived bar timeframes, which this task (not scheduled refresh) drives. */
    public static final String HANDLER = "aggregate-bars";

    private final Registry registry;
    private final AggregationDueConfig config;
    private final String instanceId;

    public AggregationDue(Registry registry, AggregationDueConfig config, InstanceId instanceId) {
        this.registry = registry;
        this.config = config;
        this.instanceId = instanceId.value();
    }

    @Override
    public TaskDescriptor descriptor() {
        return CheckerTask.AGGREGATION_DUE;
    }

    @Override
    public Uni<TaskOutcome> execute(SqlConnection tx, Instant now) {
        boolean anyEnabled = registry.all().stream().anyMatch(dt -> dt.enabled() && HANDLER.equals(dt.handler()));
        if (!anyEnabled) {
            return Uni.createFrom().item(new TaskOutcome(0, 0, new JsonObject().put("reason", "no aggregation data type enabled")));
        }
        return tx.preparedQuery(AggregationSql.SYNC_FROM_REGISTRY).execute(Tuple.of(Times.utc(config.startUtc())))
                .map(rs -> rs.iterator().next())
                .chain(sync -> tx.preparedQuery(AggregationSql.ENQUEUE_DUE)
                        .execute(Tuple.of(instanceId, Times.utc(now), config.batchSize(),
                                (int) config.staleRunningAfter().toSeconds()))
                        .map(rs -> outcome(sync, rs.iterator().next())));
    }

    private static TaskOutcome outcome(Row sync, Row due) {
        int claimed = due.getLong("claimed").intValue();
        int queued = due.getLong("queued").intValue();
        return new TaskOutcome(claimed, queued, new JsonObject()
                .put("symbols", sync.getInteger("symbols"))
                .put("tasksCreated", sync.getInteger("tasks_created"))
                .put("tasksTotal", sync.getInteger("tasks_total"))
                .put("claimed", claimed)
                .put("queued", queued));
    }
}
