package dev.freshet.processor.complete;

import dev.freshet.processor.metrics.HotMeters;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;

/** Counts and times finished jobs once their transaction has committed. */
@ApplicationScoped
public class FinishMetrics {

    private final HotMeters meters;

    public FinishMetrics(HotMeters meters) {
        this.meters = meters;
    }

    void finished(List<JobResult> results) {
        for (JobResult r : results) {
            meters.counter("freshet_jobs_finished_total", "data_type", r.job().dataType(), "outcome", r.outcome().sql()).increment();
            if (r.outcome() == JobResult.Outcome.COMPLETED) {
                meters.timer("freshet_job_queue_wait", "data_type", r.job().dataType())
                        .record(Duration.between(r.job().enqueuedAt(), r.job().claimedAt()).abs());
            }
            meters.timer("freshet_job_duration", "data_type", r.job().dataType(), "outcome", r.outcome().sql())
                    .record(Duration.ofNanos(System.nanoTime() - r.job().claimedNanos()));
        }
    }
}
