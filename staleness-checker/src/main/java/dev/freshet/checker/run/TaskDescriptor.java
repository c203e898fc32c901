package dev.freshet.checker.run;

/** What the runner and the scheduler need to know of a task besides its work. */
public interface TaskDescriptor {

    /** Stable name, used in the execution log, metrics and health. */
    String taskName();

    /** Stable advisory-lock id of the task, unique among the checker's tasks. */
    int lockId();

    TaskSchedule schedule(CheckerConfig config);
}
