package dev.freshet.processor.claim;

import dev.freshet.processor.config.ProcessorConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Runs the claim: one short transaction holding the claim lock around {@link ClaimSql#CLAIM_DUE_JOBS}, on the database's clock. */
@ApplicationScoped
@Startup
public class JobClaimer {

    private final Pool pool;
    private final Counter claimedCount;
    private final ClaimPolicy policy;

    /** Fails the start with every problem of the scheduling settings named. */
    public JobClaimer(Pool pool, MeterRegistry meters, ProcessorConfig config) {
        this.pool = pool;
        this.claimedCount = meters.counter("freshet_jobs_claimed_total");
        try {
            this.policy = ClaimPolicy.of(config.processor());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("invalid scheduling settings: " + e.getMessage(), e);
        }
    }

    /** The configured policy. */
    public ClaimPolicy policy() {
        return policy;
    }

    /**
     * @param skipProviders providers not to claim for (circuit open, throttled)
     * @param skipDataTypes data types not to claim (disabled by flag or registry)
     */
    public Uni<List<ClaimedJob>> claim(String instanceId, int limit, Duration lease, List<String> skipProviders,
                                       List<String> skipDataTypes) {
        return claimShiftedBy(Duration.ZERO, instanceId, limit, lease, policy, skipProviders, skipDataTypes);
    }

    /**
     * The claim as the database sees it {@code shift} from now (due jobs, budget windows and lease all
     * count from it). Only tests shift: every processor claims by the database's clock, never its own.
     */
    public Uni<List<ClaimedJob>> claimShiftedBy(Duration shift, String instanceId, int limit, Duration lease, ClaimPolicy policy,
                                                List<String> skipProviders, List<String> skipDataTypes) {
        return pool.withTransaction(conn -> conn.preparedQuery(ClaimSql.LOCK_CLAIMS).execute(Tuple.of(shift.toMillis() / 1000.0))
                        .chain(locked -> {
                            OffsetDateTime now = locked.iterator().next().getOffsetDateTime("now");
                            Tuple params = Tuple.from(policy.claimParams(now, limit, instanceId, lease, skipProviders, skipDataTypes));
                            return conn.preparedQuery(ClaimSql.CLAIM_DUE_JOBS).execute(params).map(rows -> new Claimed(rows, now.toInstant()));
                        }))
                .map(claimed -> {
                    List<ClaimedJob> jobs = new ArrayList<>(claimed.rows().size());
                    long nanos = System.nanoTime();
                    for (Row r : claimed.rows()) {
                        jobs.add(new ClaimedJob(r.getLong("job_id"), r.getString("data_type"), r.getString("symbol"),
                                r.getString("provider"), r.getInteger("priority"), r.getString("origin"),
                                r.getInteger("viewer_count"), r.getInteger("attempts"), r.getInteger("max_attempts"),
                                r.getOffsetDateTime("enqueued_at").toInstant(), claimed.at(), r.getInteger("reserved_calls"),
                                r.getLong("reserved_bytes"), r.getLong("claim_rank"), instanceId, nanos, r.getString("trace_parent")));
                    }
                    jobs.sort(Comparator.comparingLong(ClaimedJob::claimRank));
                    claimedCount.increment(jobs.size());
                    return jobs;
                });
    }

    private record Claimed(RowSet<Row> rows, Instant at) {
    }

    /** Pushes the lease of running jobs forward. */
    public Uni<Integer> renew(String instanceId, List<Long> jobIds, Duration lease) {
        if (jobIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return pool.preparedQuery(ClaimSql.RENEW_LEASES)
                .execute(Tuple.of(lease.toMillis() / 1000.0, instanceId, jobIds.toArray(Long[]::new)))
                .map(r -> r.rowCount());
    }
}
