package dev.freshet.checker.run;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs a task as a database-held singleton: the run is one transaction holding the task's
 * advisory lock, so with any number of replicas exactly one runs it at a time and the others skip.
 * Every run, skipped or not, leaves a row in scheduler_execution_log. A run never fails towards its
 * caller: a failing task is logged and the next tick runs it again.
 */
@ApplicationScoped
public class TaskRunner {

    /** First half of every checker lock key, so the checker's locks never collide with anyone else's. */
    public static final int LOCK_NAMESPACE = 0x46524348;

    private static final Logger LOG = Logger.getLogger(TaskRunner.class);
    private static final int MAX_ERROR_LENGTH = 2000;

    private final Pool pool;
    private final InstanceId instance;
    private final CheckerConfig config;
    private final Clock clock;
    private final MeterRegistry meters;

    public TaskRunner(Pool pool, InstanceId instance, CheckerConfig config, Clock clock, MeterRegistry meters) {
        this.pool = pool;
        this.instance = instance;
        this.config = config;
        this.clock = clock;
        this.meters = meters;
    }

    public Uni<TaskRun> run(ScheduledTask task, Instant now) {
        Instant started = clock.instant();
        boolean permitted;
        try {
            permitted = task.permitted();
        } catch (RuntimeException e) {
            return finish(task, started, null, failed(e));
        }
        if (!permitted) {
            LOG.debugf("%s skipped: turned off by a feature flag", task.name());
            return finish(task, started, null, new Result(TaskStatus.SKIPPED_FLAG, TaskOutcome.none(), null));
        }
        AtomicReference<Long> executionId = new AtomicReference<>();
        long timeoutMs = config.scheduler().statementTimeout().toMillis();
        // the run's row is written before its transaction takes a connection: a run that held one while it waited for
        // a second one to write its row starved the pool when as many tasks started at once as it has connections
        // (every run holding one, none left for a row), and every run failed after the pool's wait
        return start(task, started)
                .invoke(executionId::set)
                .flatMap(id -> pool.withConnection(tx -> inTransaction(tx, () -> tx.preparedQuery(ExecutionLogSql.TRY_LOCK)
                        .execute(Tuple.of(LOCK_NAMESPACE, task.descriptor().lockId(), String.valueOf(timeoutMs)))
                        .flatMap(rows -> {
                            if (!rows.iterator().next().getBoolean("locked")) {
                                return Uni.createFrom().item(new Result(TaskStatus.SKIPPED_LOCKED, TaskOutcome.none(), null));
                            }
                            return Uni.createFrom().deferred(() -> task.execute(tx, now))
                                    .map(outcome -> new Result(TaskStatus.SUCCEEDED, outcome, null));
                        }))))
                .onFailure().recoverWithItem(this::failed)
                .flatMap(result -> finish(task, started, executionId.get(), result));
    }

    /**
     * BEGIN/COMMIT by hand rather than the client's managed transaction, which rolls back on the
     * first failed statement: tasks use savepoints so that one unreadable target table does not
     * undo the rest of the run. Any failure rolls back, which also releases the advisory lock.
     */
    private static <T> Uni<T> inTransaction(SqlConnection tx, Supplier<Uni<T>> work) {
        return tx.query("begin").execute()
                .flatMap(x -> work.get())
                .call(x -> tx.query("commit").execute())
                .onFailure().call(e -> tx.query("rollback").execute().onFailure().recoverWithNull());
    }

    private Uni<Long> start(ScheduledTask task, Instant started) {
        return pool.preparedQuery(ExecutionLogSql.START)
                .execute(Tuple.of(task.name(), instance.value(), Times.utc(started)))
                .map(rows -> rows.iterator().next().getLong("execution_id"));
    }

    private Uni<TaskRun> finish(ScheduledTask task, Instant started, Long executionId, Result result) {
        Instant finished = clock.instant();
        report(task, started, finished, result);
        TaskOutcome o = result.outcome();
        Uni<Long> written;
        if (executionId != null) {
            Tuple t = Tuple.tuple().addValue(executionId).addValue(Times.utc(finished)).addValue(result.status().sql())
                    .addValue(o.itemsExamined()).addValue(o.jobsEnqueued()).addValue(result.error()).addValue(o.details());
            written = pool.preparedQuery(ExecutionLogSql.FINISH).execute(t).replaceWith(executionId);
        } else {
            Tuple t = Tuple.tuple().addValue(task.name()).addValue(instance.value()).addValue(Times.utc(started))
                    .addValue(Times.utc(finished)).addValue(result.status().sql()).addValue(o.itemsExamined())
                    .addValue(o.jobsEnqueued()).addValue(result.error()).addValue(o.details());
            written = pool.preparedQuery(ExecutionLogSql.RECORD).execute(t)
                    .map(rows -> rows.iterator().next().getLong("execution_id"));
        }
        return written
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("could not write the execution log of %s: %s", task.name(), e.getMessage());
                    return executionId;
                })
                .map(id -> new TaskRun(task.name(), result.status(), o, result.error(), id));
    }

    private void report(ScheduledTask task, Instant started, Instant finished, Result result) {
        meters.counter("freshet.checker.runs", "task", task.name(), "status", result.status().sql()).increment();
        if (result.status() == TaskStatus.SUCCEEDED || result.status() == TaskStatus.FAILED) {
            Timer.builder("freshet.checker.run.duration").tag("task", task.name()).register(meters)
                    .record(Duration.between(started, finished));
            meters.counter("freshet.checker.jobs.enqueued", "task", task.name()).increment(result.outcome().jobsEnqueued());
        }
        switch (result.status()) {
            case SUCCEEDED -> LOG.debugf("%s: examined %d, enqueued %d in %d ms", task.name(),
                    result.outcome().itemsExamined(), result.outcome().jobsEnqueued(), Duration.between(started, finished).toMillis());
            case FAILED -> LOG.warnf("%s failed, the next run will try again: %s", task.name(), result.error());
            case SKIPPED_LOCKED -> LOG.debugf("%s skipped: another instance holds its lock", task.name());
            default -> { }
        }
    }

    private Result failed(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        LOG.debug("task failure", e);
        return new Result(TaskStatus.FAILED, TaskOutcome.none(),
                message.length() > MAX_ERROR_LENGTH ? message.substring(0, MAX_ERROR_LENGTH) : message);
    }

    private record Result(TaskStatus status, TaskOutcome outcome, String error) {
        Result {
            if (outcome.details() == null) {
                outcome = new TaskOutcome(outcome.itemsExamined(), outcome.jobsEnqueued(), new JsonObject());
            }
        }
    }
}
