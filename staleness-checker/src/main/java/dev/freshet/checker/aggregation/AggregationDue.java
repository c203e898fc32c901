package dev.freshet.checker.aggregation;

import dev.freshet.checker.run.CheckerConfig;
import dev.freshet.checker.run.ScheduledTask;
import dev.freshet.checker.run.TaskOutcome;
import dev.freshet.checker.run.TaskRun;
import dev.freshet.checker.run.TaskRunner;
import dev.freshet.checker.run.TaskSchedule;
import dev.freshet.shared.registry.Registry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * The aggregation due task: asks the {@link AggregationDueSource} to enqueue due aggregation work,
 * and does nothing at all while no data type with the aggregation handler is enabled.
 */
@ApplicationScoped
public class AggregationDue implements ScheduledTask {

    /** The registry handler of derived bar timeframes, which this task (not scheduled refresh) drives. */
    public static final String HANDLER = "aggregate-bars";
    static final String NAME = "aggregation-due";

    private final TaskRunner runner;
    private final Registry registry;
    private final AggregationDueSource source;
    private final CheckerConfig config;

    public AggregationDue(TaskRunner runner, Registry registry, AggregationDueSource source, CheckerConfig config) {
        this.runner = runner;
        this.registry = registry;
        this.source = source;
        this.config = config;
    }

    public Uni<TaskRun> run(Instant now) {
        return runner.run(this, now);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int lockId() {
        return 7;
    }

    @Override
    public TaskSchedule schedule() {
        return new TaskSchedule(config.aggregation().every(), config.aggregation().enabled());
    }

    @Override
    public Uni<TaskOutcome> execute(SqlConnection tx, Instant now) {
        boolean anyEnabled = registry.all().stream().anyMatch(dt -> dt.enabled() && HANDLER.equals(dt.handler()));
        if (!anyEnabled) {
            return Uni.createFrom().item(new TaskOutcome(0, 0, new JsonObject().put("reason", "no aggregation data type enabled")));
        }
        return source.enqueueDue(tx, now);
    }
}
