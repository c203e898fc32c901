package dev.freshet.checker.run;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The health check for the scheduled jobs: each task's last healthy run (by any replica, from the
 * execution log) against its expected interval. Down when a task has not run successfully for
 * several intervals, which is what an operator needs to hear about a silent cron.
 */
@Readiness
@ApplicationScoped
public class SchedulerHealthCheck implements AsyncHealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Pool pool;
    private final CheckerSchedule schedule;
    private final CheckerConfig config;
    private final Clock clock;
    private volatile Instant startedAt;

    public SchedulerHealthCheck(Pool pool, CheckerSchedule schedule, CheckerConfig config, Clock clock) {
        this.pool = pool;
        this.schedule = schedule;
        this.config = config;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        startedAt = clock.instant();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (!schedule.enabled()) {
            return Uni.createFrom().item(HealthCheckResponse.named("scheduler").up().withData("scheduler", "disabled").build());
        }
        return evaluate(schedule.scheduled(), clock.instant(), startedAt);
    }

    /** The report for the given tasks at the given time, for a replica that started at {@code since}. */
    public Uni<HealthCheckResponse> evaluate(List<ScheduledTask> tasks, Instant now, Instant since) {
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
                    HealthCheckResponseBuilder b = HealthCheckResponse.named("scheduler").up();
                    for (ScheduledTask t : tasks) {
                        Duration allowed = schedule.scheduleOf(t).every().multipliedBy(config.scheduler().overdueAfterIntervals());
                        Instant ok = lastOk.get(t.name());
                        // a task that never ran is only overdue once this replica has been up long enough to run it
                        Instant reference = ok != null ? ok : since;
                        boolean overdue = reference == null || reference.plus(allowed).isBefore(now);
                        b.withData(t.name(), (overdue ? "OVERDUE" : "ok") + ", every " + schedule.scheduleOf(t).every()
                                + ", last success " + (ok == null ? "never" : ok.toString()));
                        if (overdue) {
                            b.down();
                        }
                    }
                    return b.build();
                })
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("scheduler").down()
                        .withData("error", String.valueOf(e.getMessage())).build());
    }
}
