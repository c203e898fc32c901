package dev.freshet.checker.run;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

import java.time.Instant;

/**
 * One scheduled job of the checker. The runner calls {@link #execute} inside a transaction that
 * holds the task's advisory lock, so whatever the task writes commits or rolls back with its run.
 */
public interface ScheduledTask {

    /** Stable name, used in the execution log, metrics and health. */
    String name();

    /** Stable advisory-lock id of the task, unique among the checker's tasks. */
    int lockId();

    TaskSchedule schedule();

    /** False when a feature flag turns the task off right now; the run is then logged as skipped_flag. */
    default boolean permitted() {
        return true;
    }

    Uni<TaskOutcome> execute(SqlConnection tx, Instant now);
}
