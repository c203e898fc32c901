package dev.freshet.checker.aggregation;

import dev.freshet.checker.run.TaskOutcome;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

import java.time.Instant;

/**
 * Enqueues the (symbol, timeframe) aggregation jobs that are due. The aggregation feature provides
 * the implementation; it runs inside the aggregation-due task's locked transaction.
 */
public interface AggregationDueSource {

    Uni<TaskOutcome> enqueueDue(SqlConnection tx, Instant now);
}
