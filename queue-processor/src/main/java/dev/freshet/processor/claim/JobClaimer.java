package dev.freshet.processor.claim;

import dev.freshet.processor.config.ProcessorConfig;
import dev.freshet.processor.config.Scheduling;
import dev.freshet.processor.transaction.PipelinedTransaction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Runs the claim: one short transaction that holds the budgets of the providers it claims for
 * ({@link ClaimSql#LOCK_BUDGETS}) around {@link ClaimSql#claimDueJobs}, on the database's clock, in two
 * round trips ({@link PipelinedTransaction}).
 * Providers whose budget another claim holds at that moment are skipped, not waited for.
 */
@ApplicationScoped
@Startup
public class JobClaimer {

    private final Pool pool;
    private final Counter claimedCount;
    private final Counter claimsWithJobs;
    private final Counter claimsWithNone;
    private final ClaimPolicy policy;
    private final int batchSize;
    private final String claimSql;
    private final UpperTierDemand upperTierDemand;

    /** Fails the start with every problem of the scheduling settings named. */
    public JobClaimer(Pool pool, MeterRegistry meters, ProcessorConfig config, UpperTierDemand upperTierDemand) {
        this.pool = pool;
        this.upperTierDemand = upperTierDemand;
        this.claimedCount = meters.counter("freshet_jobs_claimed_total");
        // claim statements run, by whether they took anything: the ones that found nothing are the database's time spent
        // on wake-ups with no work for this instance
        this.claimsWithJobs = meters.counter("freshet_claims_total", "result", "jobs");
        this.claimsWithNone = meters.counter("freshet_claims_total", "result", "none");
        this.batchSize = config.processor().batchSize();
        this.claimSql = ClaimSql.claimDueJobs(ClaimSql.candidatesFor(batchSize));
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
    public Uni<ClaimRound> claim(String instanceId, int limit, Duration lease, List<String> skipProviders,
                                 List<String> skipDataTypes) {
        return roundShiftedBy(Duration.ZERO, instanceId, limit, lease, policy, skipProviders, skipDataTypes);
    }

    /**
     * The claim as the database sees it {@code shift} from now (due jobs, budget windows and lease all
     * count from it). Only tests shift: every processor claims by the database's clock, never its own.
     */
    public Uni<List<ClaimedJob>> claimShiftedBy(Duration shift, String instanceId, int limit, Duration lease, ClaimPolicy policy,
                                                List<String> skipProviders, List<String> skipDataTypes) {
        return roundShiftedBy(shift, instanceId, limit, lease, policy, skipProviders, skipDataTypes).map(ClaimRound::jobs);
    }

    /** One claim and the providers it left to claims running at the same time. */
    public record ClaimRound(List<ClaimedJob> jobs, List<String> busyProviders) {
    }

    /** {@link #claimShiftedBy} with the providers it left to other claims. */
    public Uni<ClaimRound> roundShiftedBy(Duration shift, String instanceId, int limit, Duration lease, ClaimPolicy policy,
                                       List<String> skipProviders, List<String> skipDataTypes) {
        String[] skipped = skipProviders.toArray(String[]::new);
        return PipelinedTransaction.run(pool, tx -> tx.begin(tx.connection().preparedQuery(ClaimSql.LOCK_BUDGETS)
                                .execute(Tuple.of(shift.toMillis() / 1000.0, skipped, skipDataTypes.toArray(String[]::new))))
                        .chain(locked -> {
                            SqlConnection conn = tx.connection();
                            Row held = locked.iterator().next();
                            OffsetDateTime now = held.getOffsetDateTime("now");
                            List<String> busy = List.of(held.getArrayOfStrings("busy"));
                            List<String> skip = busy.isEmpty() ? skipProviders : concat(skipProviders, busy);
                            // the loops never claim more than a batch; a larger claim (a test's) gets a statement of its own
                            String sql = limit <= batchSize ? claimSql : ClaimSql.claimDueJobs(ClaimSql.candidatesFor(limit));
                            Uni<Map<String, UpperTierDemand.Calls>> upper = policy.scheduling() != Scheduling.DEADLINE ? Uni.createFrom().item(Map.of())
                                    : shift.isZero() ? upperTierDemand.at(conn, now) : upperTierDemand.read(conn, now);
                            return upper.chain(calls -> tx.commit(conn.preparedQuery(sql)
                                    .execute(Tuple.from(policy.claimParams(now, limit, instanceId, lease, skip, skipDataTypes, calls))))
                                    .map(rows -> new Claimed(rows, now.toInstant(), busy)));
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
                    (jobs.isEmpty() ? claimsWithNone : claimsWithJobs).increment();
                    return new ClaimRound(jobs, claimed.busy());
                });
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        return all;
    }

    private record Claimed(RowSet<Row> rows, Instant at, List<String> busy) {
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
