package dev.freshet.shared.aggregation;

/** The {@code data_agg_state.status} values. */
public final class TaskStatus {

    public static final String IDLE = "idle";
    public static final String RUNNING = "running";
    public static final String HARD_FAILED = "hard_failed";

    private TaskStatus() {
    }
}
