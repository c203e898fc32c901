package dev.freshet.checker.aggregation;

import dev.freshet.checker.run.TaskOutcome;
import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/** Stands in until an aggregation implementation is present: nothing is ever due. */
@DefaultBean
@ApplicationScoped
public class NoAggregationDue implements AggregationDueSource {

    @Override
    public Uni<TaskOutcome> enqueueDue(SqlConnection tx, Instant now) {
        return Uni.createFrom().item(new TaskOutcome(0, 0, new JsonObject().put("reason", "no aggregation implementation installed")));
    }
}
