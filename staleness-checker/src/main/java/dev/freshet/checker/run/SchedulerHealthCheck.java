package dev.freshet.checker.run;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.Wellness;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import java.time.Instant;
import java.util.List;

/**
 * The scheduled jobs' health (/q/health/well, and in /q/health): each task's lateness, down while one is overdue,
 * which is what an operator needs to hear about a silent cron. It is deliberately not a readiness check: lateness is
 * cluster-wide, so it would take every replica out of service at once and stall a rollout that waits for a ready pod
 * (`maxUnavailable: 0`) while the new pod is what would run the late task. The same lateness is the metric
 * {@code freshet_checker_task_overdue_seconds} that alerts watch.
 */
@Wellness
@ApplicationScoped
public class SchedulerHealthCheck implements AsyncHealthCheck {

    private final TaskLateness lateness;
    private final CheckerSchedule schedule;

    public SchedulerHealthCheck(TaskLateness lateness, CheckerSchedule schedule) {
        this.lateness = lateness;
        this.schedule = schedule;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (!schedule.enabled()) {
            return Uni.createFrom().item(HealthCheckResponse.named("scheduler").up().withData("scheduler", "disabled").build());
        }
        return report(lateness.current());
    }

    /** The report for the given tasks at the given time, for a replica that started at {@code since}. */
    public Uni<HealthCheckResponse> evaluate(List<ScheduledTask> tasks, Instant now, Instant since) {
        return report(lateness.of(tasks, now, since));
    }

    private static Uni<HealthCheckResponse> report(Uni<List<TaskLateness.TaskLate>> tasks) {
        return tasks.map(late -> {
                    HealthCheckResponseBuilder b = HealthCheckResponse.named("scheduler").up();
                    for (TaskLateness.TaskLate t : late) {
                        b.withData(t.task(), t.describe());
                        if (t.isOverdue()) {
                            b.down();
                        }
                    }
                    return b.build();
                })
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("scheduler").down()
                        .withData("error", String.valueOf(e.getMessage())).build());
    }
}
