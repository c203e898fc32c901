package dev.freshet.processor.complete;

import dev.freshet.processor.metrics.HotMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Counts and times finished jobs once their transaction has committed. */
@ApplicationScoped
public class FinishMetrics {

    private final HotMeters meters;

    public FinishMetrics(HotMeters meters) {
        this.meters = meters;
    }

    void finished(List<JobResult> results) {
        long now = System.nanoTime();
        // the results of one finish are mostly of one data type and outcome: their meters are looked up once per run of them
        String type = null;
        JobResult.Outcome outcome = null;
        Counter finished = null;
        Timer queueWait = null;
        Timer duration = null;
        for (JobResult r : results) {
            if (!r.job().dataType().equals(type) || r.outcome() != outcome) {
                type = r.job().dataType();
                outcome = r.outcome();
                finished = meters.counter("freshet_jobs_finished_total", "data_type", type, "outcome", outcome.sql());
                queueWait = null;
                duration = meters.timer("freshet_job_duration", "data_type", type, "outcome", outcome.sql());
            }
            finished.increment();
            if (outcome == JobResult.Outcome.COMPLETED) {
                if (queueWait == null) {
                    queueWait = meters.timer("freshet_job_queue_wait", "data_type", type);
                }
                queueWait.record(Duration.between(r.job().enqueuedAt(), r.job().claimedAt()).abs());
            }
            duration.record(now - r.job().claimedNanos(), TimeUnit.NANOSECONDS);
        }
    }
}
