package dev.freshet.checker.analytics;

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

import java.time.Instant;

/**
 * Forgets viewers who stopped sending heartbeats and rolls the present ones up into
 * subscription_analytics buckets (peak viewers per bucket), pruning buckets past retention.
 */
@ApplicationScoped
public class PresenceExpiry implements ScheduledTask {

    private final CheckerConfig config;

    public PresenceExpiry(CheckerConfig config) {
        this.config = config;
    }

    @Override
    public TaskDescriptor descriptor() {
        return CheckerTask.PRESENCE_EXPIRY;
    }

    /** Start of the analytics bucket holding {@code now}, buckets aligned on the epoch. */
    Instant bucketStart(Instant now) {
        long width = Math.max(1, config.presenceExpiry().analyticsBucket().toSeconds());
        return Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), width) * width);
    }

    @Override
    public Uni<TaskOutcome> execute(SqlConnection tx, Instant now) {
        Tuple params = Tuple.of(Times.utc(now.minus(config.presenceTtl())), Times.utc(bucketStart(now)));
        return tx.preparedQuery(PresenceExpirySql.EXPIRE_AND_ROLL_UP).execute(params).flatMap(rows -> {
            Row r = rows.iterator().next();
            int expired = r.getInteger("expired");
            int rolled = r.getInteger("rolled_up");
            Instant pruneBefore = now.minus(config.presenceExpiry().analyticsRetention());
            return tx.preparedQuery(PresenceExpirySql.PRUNE_ANALYTICS).execute(Tuple.of(Times.utc(pruneBefore)))
                    .map(pruned -> new TaskOutcome(expired + rolled, 0, new JsonObject()
                            .put("expired", expired).put("rolledUp", rolled).put("analyticsPruned", pruned.rowCount())));
        });
    }
}
