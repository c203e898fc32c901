package dev.freshet.checker.run;

import io.vertx.core.json.JsonObject;

/**
 * What one run of a task did.
 *
 * @param itemsExamined rows, pairs or partitions the run looked at
 * @param jobsEnqueued  refresh jobs it queued (or put back on the queue)
 * @param details       task-specific figures, stored with the execution log row
 */
public record TaskOutcome(int itemsExamined, int jobsEnqueued, JsonObject details) {

    public static TaskOutcome none() {
        return new TaskOutcome(0, 0, new JsonObject());
    }
}
