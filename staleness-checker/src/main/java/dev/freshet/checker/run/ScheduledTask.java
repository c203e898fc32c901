package dev.freshet.checker.run;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

import java.time.Instant;

/**
 * One scheduled job of the checker: a descriptor (name, lock id, schedule) and its work. The
 * {@link TaskRunner} calls {@link #execute} inside a transaction that holds the task's advisory
 * lock, so whatever the task writes commits or rolls back with its run; the runner also writes the
 * execution log, the metrics and handles failure, so a task does only its work.
 */
public interface ScheduledTask {

    TaskDescriptor descriptor();

    default String name() {
        return descriptor().taskName();
    }

    /** False when a feature flag turns the task off right now; the run is then logged as skipped_flag. */
    default boolean permitted() {
        return true;
    }

    Uni<TaskOutcome> execute(SqlConnection tx, Instant now);
}
