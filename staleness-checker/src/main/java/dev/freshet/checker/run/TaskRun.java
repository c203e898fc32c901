package dev.freshet.checker.run;

/** The result of asking the runner to run a task once: what happened and what the task did. */
public record TaskRun(String task, TaskStatus status, TaskOutcome outcome, String error, Long executionId) {

    public boolean executed() {
        return status == TaskStatus.SUCCEEDED || status == TaskStatus.FAILED;
    }
}
