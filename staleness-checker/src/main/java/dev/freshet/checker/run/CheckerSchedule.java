package dev.freshet.checker.run;

import dev.freshet.shared.lifecycle.StartupOrder;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The thin trigger: registers one scheduler job per task, at the interval its configuration gives,
 * never overlapping itself on this replica (across replicas the runner's advisory lock decides).
 * Registered in code rather than with one annotated method per task so that each interval comes
 * from the typed configuration and a task can be switched off on its own.
 */
@ApplicationScoped
public class CheckerSchedule {

    private static final Logger LOG = Logger.getLogger(CheckerSchedule.class);

    private final Scheduler scheduler;
    private final TaskRunner runner;
    private final Instance<ScheduledTask> tasks;
    private final CheckerConfig config;
    private final Clock clock;

    public CheckerSchedule(Scheduler scheduler, TaskRunner runner, Instance<ScheduledTask> tasks,
                           CheckerConfig config, Clock clock) {
        this.scheduler = scheduler;
        this.runner = runner;
        this.tasks = tasks;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Once the registry and the flags are read: a task run against an empty registry does the wrong thing (the
     * freshness cache, for one, drops the entries of every data type it does not know).
     */
    void onStart(@Observes @Priority(StartupOrder.ONCE_SETTINGS_ARE_READ) StartupEvent event) {
        if (!config.scheduler().enabled()) {
            LOG.info("scheduler disabled (freshet.checker.scheduler.enabled=false): tasks run only when called");
            return;
        }
        for (ScheduledTask task : scheduled()) {
            Duration every = scheduleOf(task).every();
            schedule(task, every);
            LOG.infof("%s scheduled every %s", task.name(), every);
        }
    }

    /** The tasks this replica schedules. */
    public List<ScheduledTask> scheduled() {
        return tasks.stream().filter(t -> scheduleOf(t).enabled()).toList();
    }

    public TaskSchedule scheduleOf(ScheduledTask task) {
        return task.descriptor().schedule(config);
    }

    public boolean enabled() {
        return config.scheduler().enabled();
    }

    /** Schedules one task; returns the job identity (for {@link #unschedule}). */
    public String schedule(ScheduledTask task, Duration every) {
        String identity = "freshet-checker-" + task.name();
        scheduler.newJob(identity)
                .setInterval(every.toString())
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setAsyncTask(execution -> runner.run(task, clock.instant())
                        .onFailure().recoverWithNull()
                        .replaceWithVoid())
                .schedule();
        return identity;
    }

    public void unschedule(String identity) {
        scheduler.unscheduleJob(identity);
    }

    /** Runs a task once now, outside the schedule (startup work). */
    public Uni<TaskRun> runNow(ScheduledTask task) {
        return runner.run(task, clock.instant());
    }
}
