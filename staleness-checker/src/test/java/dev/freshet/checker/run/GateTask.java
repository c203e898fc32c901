package dev.freshet.checker.run;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** Singleton, not application-scoped: tests set its fields directly, which a client proxy would swallow. A task that holds its lock until the test opens the gate, and can be told to fail. */
@Singleton
public class GateTask implements ScheduledTask {

    volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);
    volatile int failuresLeft;
    final AtomicInteger executions = new AtomicInteger();

    /** Its own lock id, far from the real tasks', and never scheduled. */
    private static final TaskDescriptor DESCRIPTOR = new TaskDescriptor() {
        @Override
        public String taskName() {
            return "test-gate";
        }

        @Override
        public int lockId() {
            return 900;
        }

        @Override
        public TaskSchedule schedule(CheckerConfig config) {
            return new TaskSchedule(Duration.ofHours(1), false);
        }
    };

    @Override
    public TaskDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Uni<TaskOutcome> execute(SqlConnection tx, Instant now) {
        executions.incrementAndGet();
        if (failuresLeft > 0) {
            failuresLeft--;
            return tx.query("select 1 / 0").execute().replaceWith(TaskOutcome.none());
        }
        return Uni.createFrom().completionStage(gate)
                .replaceWith(new TaskOutcome(1, 0, new JsonObject().put("gate", "passed")));
    }
}
