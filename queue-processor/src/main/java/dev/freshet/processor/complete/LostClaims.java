package dev.freshet.processor.complete;

import dev.freshet.shared.registry.DataType;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Finishes that found their claim gone: the lease lapsed (a stalled renewal, a database stall, a slow
 * upstream) and recovery gave the job to another run. Counted in {@code freshet_finish_lost_claims_total}
 * and logged once per finish; nothing of theirs was written.
 */
@ApplicationScoped
public class LostClaims {

    private static final Logger LOG = Logger.getLogger(LostClaims.class);

    private final MeterRegistry meters;

    public LostClaims(MeterRegistry meters) {
        this.meters = meters;
    }

    void count(DataType dt, List<JobResult> results) {
        List<JobResult> lost = results.stream().filter(r -> r.outcome() == JobResult.Outcome.LOST).toList();
        if (lost.isEmpty()) {
            return;
        }
        String type = dt == null ? "unknown" : dt.dataType();
        meters.counter("freshet_finish_lost_claims_total", "data_type", type).increment(lost.size());
        LOG.infof("%d job(s) of %s finished after losing their claim (lease recovered); their data was not written: %s",
                lost.size(), type, lost.stream().map(r -> r.job().jobId() + "/" + r.job().symbol()).toList());
    }
}
