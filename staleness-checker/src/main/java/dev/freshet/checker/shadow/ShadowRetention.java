package dev.freshet.checker.shadow;

import dev.freshet.checker.run.CheckerConfig;
import dev.freshet.checker.run.CheckerTask;
import dev.freshet.checker.run.ScheduledTask;
import dev.freshet.checker.run.TaskDescriptor;
import dev.freshet.checker.run.TaskOutcome;
import dev.freshet.checker.run.Times;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * Keeps {@code shadow_writes} to its retention: a data type in shadow records every row of every
 * refresh, which nothing else ever deletes. A bounded number per run, oldest first.
 */
@ApplicationScoped
public class ShadowRetention implements ScheduledTask {

    private static final Logger LOG = Logger.getLogger(ShadowRetention.class);

    private final CheckerConfig config;

    public ShadowRetention(CheckerConfig config) {
        this.config = config;
    }

    @Override
    public TaskDescriptor descriptor() {
        return CheckerTask.SHADOW_RETENTION;
    }

    @Override
    public Uni<TaskOutcome> execute(SqlConnection tx, Instant now) {
        CheckerConfig.ShadowRetention settings = config.shadowRetention();
        Instant before = now.minus(settings.retention());
        return tx.preparedQuery(ShadowRetentionSql.PRUNE).execute(Tuple.of(Times.utc(before), settings.maxRowsPerRun()))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    int deleted = r.getInteger("deleted");
                    boolean more = r.getBoolean("more");
                    if (deleted > 0) {
                        LOG.infof("shadow retention: %d shadow record(s) before %s deleted%s", deleted, before,
                                more ? ", more left for the next run" : "");
                    }
                    return new TaskOutcome(deleted, 0, new JsonObject().put("deleted", deleted).put("more", more)
                            .put("before", before.toString()));
                });
    }
}
