package dev.freshet.checker;

import dev.freshet.checker.run.ScheduledTask;
import dev.freshet.checker.run.TaskRun;
import dev.freshet.checker.run.TaskRunner;
import dev.freshet.testsupport.StatementTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.time.Instant;

/** What every checker test has: the task runner, a clean database before each test, test data, the application's pool. */
public abstract class CheckerTestBase extends StatementTest {

    @Inject
    protected TaskRunner runner;

    protected final CheckerDb db = new CheckerDb();

    @BeforeEach
    void cleanDatabase() {
        db.reset();
    }

    /** Runs a task once at {@code at}, as the scheduler would. */
    protected TaskRun run(ScheduledTask task, Instant at) {
        return runner.run(task, at).await().atMost(Duration.ofSeconds(20));
    }
}
