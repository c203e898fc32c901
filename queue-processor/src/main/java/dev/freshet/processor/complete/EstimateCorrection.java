package dev.freshet.processor.complete;

import dev.freshet.processor.config.ProcessorConfig;
import dev.freshet.shared.registry.DataType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Moves a data type's size estimate towards the sizes its completed calls actually read ({@link FinishSql#CORRECT_ESTIMATE}). */
@ApplicationScoped
public class EstimateCorrection {

    private static final Logger LOG = Logger.getLogger(EstimateCorrection.class);

    private final Pool pool;
    private final Clock clock;
    private final ProcessorConfig config;
    private final Map<String, Instant> lastEstimate = new ConcurrentHashMap<>();

    public EstimateCorrection(Pool pool, Clock clock, ProcessorConfig config) {
        this.pool = pool;
        this.clock = clock;
        this.config = config;
    }

    void observe(DataType dt, List<JobResult> results) {
        if (dt == null) {
            return;
        }
        long sum = 0;
        int count = 0;
        for (JobResult r : results) {
            if (r.outcome() == JobResult.Outcome.COMPLETED && r.bytes() > 0) {
                sum += r.bytes();
                count++;
            }
        }
        if (count == 0) {
            return;
        }
        Instant now = clock.instant();
        Instant last = lastEstimate.get(dt.dataType());
        // a registry write notifies every service to reload it: correct at most every so often
        if (dt.estimatedBytes() != 0 && last != null && last.plus(config.processor().estimateUpdateEvery()).isAfter(now)) {
            return;
        }
        lastEstimate.put(dt.dataType(), now);
        pool.preparedQuery(FinishSql.CORRECT_ESTIMATE).execute(Tuple.of(dt.dataType(), sum / count))
                .subscribe().with(ok -> { }, e -> LOG.debugf("estimate correction of %s failed: %s", dt.dataType(), e.getMessage()));
    }
}
