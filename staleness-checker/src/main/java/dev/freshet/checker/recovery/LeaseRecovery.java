package dev.freshet.checker.recovery;

import dev.freshet.checker.run.CheckerConfig;
import dev.freshet.checker.run.CheckerTask;
import dev.freshet.checker.run.ScheduledTask;
import dev.freshet.checker.run.TaskDescriptor;
import dev.freshet.checker.run.TaskOutcome;
import dev.freshet.shared.notify.Channels;
import dev.freshet.shared.queue.JobSql;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * Jobs whose processor died or hung (lease expired) go back to pending, or to history as failed
 * once their attempts are spent; the lapsed attempt stays counted (it was counted at claim).
 */
@ApplicationScoped
public class LeaseRecovery implements ScheduledTask {

    private static final Logger LOG = Logger.getLogger(LeaseRecovery.class);

    /** Requeued jobs are updates, which the queue's insert trigger does not announce. $1 channel. */
    static final String WAKE_PROCESSORS = "select pg_notify($1, '')";

    private final CheckerConfig config;

    public LeaseRecovery(CheckerConfig config) {
        this.config = config;
    }

    @Override
    public TaskDescriptor descriptor() {
        return CheckerTask.LEASE_RECOVERY;
    }

    @Override
    public Uni<TaskOutcome> execute(SqlConnection tx, Instant now) {
        // leases are judged by the database's clock, which set them, never by this checker's
        return tx.query(JobSql.RECOVER_EXPIRED_LEASES).execute().flatMap(rows -> {
            Row r = rows.iterator().next();
            int requeued = r.getLong("requeued").intValue();
            int failed = r.getLong("failed").intValue();
            long counted = r.getLong("calls_counted");
            TaskOutcome outcome = new TaskOutcome(requeued + failed, requeued,
                    new JsonObject().put("requeued", requeued).put("failed", failed).put("callsCounted", counted));
            if (requeued + failed > 0) {
                LOG.infof("lease recovery: %d jobs back to pending, %d failed after their last attempt, %d reserved call(s) counted as used",
                        requeued, failed, counted);
            }
            return requeued == 0 ? Uni.createFrom().item(outcome)
                    : tx.preparedQuery(WAKE_PROCESSORS).execute(Tuple.of(Channels.JOBS)).replaceWith(outcome);
        });
    }
}
