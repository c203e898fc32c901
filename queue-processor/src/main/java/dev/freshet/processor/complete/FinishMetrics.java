package dev.freshet.processor.complete;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Counts and times finished jobs once their transaction has committed. */
@ApplicationScoped
public class FinishMetrics {

    private final MeterRegistry meters;
    private final Clock clock;

    public FinishMetrics(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    void finished(List<JobResult> results) {
        for (JobResult r : results) {
            meters.counter("freshet_jobs_finished_total", "data_type", r.job().dataType(), "outcome", r.outcome().sql()).increment();
            if (r.outcome() == JobResult.Outcome.COMPLETED) {
                meters.timer("freshet_job_queue_wait", "data_type", r.job().dataType())
                        .record(Duration.between(r.job().enqueuedAt(), r.job().claimedAt()).abs());
            }
            meters.timer("freshet_job_duration", "data_type", r.job().dataType(), "outcome", r.outcome().sql())
                    .record(Duration.between(r.job().claimedAt(), clock.instant()).abs());
        }
    }
}
