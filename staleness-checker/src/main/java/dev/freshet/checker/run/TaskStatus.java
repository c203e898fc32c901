package dev.freshet.checker.run;

/** The statuses of scheduler_execution_log. */
public enum TaskStatus {
    RUNNING, SUCCEEDED, FAILED, SKIPPED_LOCKED, SKIPPED_FLAG;

    public String sql() {
        return name().toLowerCase();
    }
}
