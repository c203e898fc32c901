package dev.freshet.checker.decay;

import dev.freshet.checker.run.CheckerConfig;
import dev.freshet.checker.run.CheckerTask;
import dev.freshet.checker.run.ScheduledTask;
import dev.freshet.checker.run.TaskDescriptor;
import dev.freshet.checker.run.TaskOutcome;
import dev.freshet.checker.run.Times;
import dev.freshet.shared.queue.JobSql;
import dev.freshet.shared.queue.Priorities;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * Lets the viewer boost of queued jobs decay as presence lapses: pending viewer jobs, of every
 * data type, are lowered to the viewers still present (the registry priority once none are).
 */
@ApplicationScoped
public class PriorityDecay implements ScheduledTask {

    private final CheckerConfig config;

    public PriorityDecay(CheckerConfig config) {
        this.config = config;
    }

    @Override
    public TaskDescriptor descriptor() {
        return CheckerTask.PRIORITY_DECAY;
    }

    @Override
    public Uni<TaskOutcome> execute(SqlConnection tx, Instant now) {
        Tuple params = Tuple.of(Times.utc(now.minus(config.presenceTtl())), Priorities.VIEWER_BASE, Priorities.MAX_VIEWER_BOOST)
                .addArrayOfString(null).addArrayOfString(null);
        return tx.preparedQuery(JobSql.DECAY_VIEWER_PRIORITIES).execute(params)
                .map(rows -> new TaskOutcome(rows.rowCount(), 0, new JsonObject().put("lowered", rows.rowCount())));
    }
}
