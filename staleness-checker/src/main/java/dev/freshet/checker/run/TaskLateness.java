package dev.freshet.checker.run;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How late each task is, cluster-wide: its last healthy run by any replica (succeeded, or skipped by a flag, from the
 * execution log) against its interval times {@code overdue-after-intervals}. A health detail and a metric for alerts,
 * never a readiness condition: whether a task is late says nothing about whether this replica can serve.
 */
@ApplicationScoped
public class TaskLateness {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Pool pool;
    private final CheckerSchedule schedule;
    private final CheckerConfig config;
    private final Clock clock;
    private volatile Instant startedAt;

    public TaskLateness(Pool pool, CheckerSchedule schedule, CheckerConfig config, Clock clock) {
        this.pool = pool;
        this.schedule = schedule;
        this.config = config;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        startedAt = clock.instant();
    }

    /** Every enabled task now, whether or not this replica runs the scheduler (another one may). */
    public Uni<List<TaskLate>> current() {
        Instant now = clock.instant();
        return of(schedule.scheduled(), now, startedAt == null ? now : startedAt);
    }

    /** The given tasks at {@code now}, a task that never ran counting from {@code since} (when this replica started). */
    public Uni<List<TaskLate>> of(List<ScheduledTask> tasks, Instant now, Instant since) {
        String[] names = tasks.stream().map(ScheduledTask::name).toArray(String[]::new);
        return pool.preparedQuery(ExecutionLogSql.LAST_RUNS).execute(Tuple.of(names))
                .ifNoItem().after(TIMEOUT).fail()
                .map(rows -> {
                    Map<String, Instant> lastOk = new HashMap<>();
                    for (Row r : rows) {
                        OffsetDateTime ok = r.getOffsetDateTime("last_ok");
                        if (ok != null) {
                            lastOk.put(r.getString("task"), ok.toInstant());
                        }
                    }
                    return tasks.stream().map(t -> {
                        Duration every = schedule.scheduleOf(t).every();
                        Instant ok = lastOk.get(t.name());
                        Instant limit = (ok != null ? ok : since).plus(every.multipliedBy(config.scheduler().overdueAfterIntervals()));
                        Duration overdue = now.isAfter(limit) ? Duration.between(limit, now) : Duration.ZERO;
                        return new TaskLate(t.name(), every, ok, overdue);
                    }).toList();
                });
    }

    /** One task's lateness: {@code overdue} is how far past its limit it is, zero while on time. */
    public record TaskLate(String task, Duration every, Instant lastSuccess, Duration overdue) {

        public boolean isOverdue() {
            return overdue.isPositive();
        }

        /** The health detail: state, interval, last success. */
        public String describe() {
            return (isOverdue() ? "OVERDUE by " + overdue.toSeconds() + "s" : "ok") + ", every " + every
                    + ", last success " + (lastSuccess == null ? "never" : lastSuccess.toString());
        }
    }
}
