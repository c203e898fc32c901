package dev.freshet.checker.usage;

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
import java.time.temporal.ChronoUnit;

/**
 * Folds the usage rows the processors' finishes settle into (one per writer and minute, so concurrent finishes never
 * wait for each other's row) into one row per provider and minute once the minute and the one after it are over:
 * the claim's day budget and every report read a day of minutes, one row each. The minute after is left too, as a
 * call made just before a minute ends is settled into it after its answer.
 */
@ApplicationScoped
public class UsageFold implements ScheduledTask {

    @Override
    public TaskDescriptor descriptor() {
        return CheckerTask.USAGE_FOLD;
    }

    @Override
    public Uni<TaskOutcome> execute(SqlConnection tx, Instant now) {
        Instant before = now.truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.MINUTES);
        return tx.preparedQuery(UsageFoldSql.FOLD).execute(Tuple.of(Times.utc(before))).map(rows -> {
            Row r = rows.iterator().next();
            int folded = r.getInteger("rows_folded");
            return new TaskOutcome(folded, 0, new JsonObject().put("rowsFolded", folded).put("minutes", r.getInteger("minutes"))
                    .put("before", before.toString()));
        });
    }
}
