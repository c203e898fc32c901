package dev.freshet.admin.reports;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/** The report shapes. */
public final class Reports {

    private Reports() {
    }

    /** @param status healthy, degraded (a task failed last, fell silent, or leases expired) or idle (no runs yet) */
    @RegisterForReflection
    public record SchedulerHealth(String status, Instant asOf, Instant since, List<String> problems, List<TaskHealth> tasks,
                                  QueueHealth queue) {
    }

    @RegisterForReflection
    public record TaskHealth(String task, long runs, long failures, Instant lastStartedAt, String lastStatus,
                             Instant lastSuccessAt, String lastError, Double avgDurationMs, long jobsEnqueued) {
    }

    @RegisterForReflection
    public record QueueHealth(long pending, long processing, long expiredLeases, Long oldestDueAgeSeconds) {
    }

    @RegisterForReflection
    public record StateCounts(long fresh, long aging, long stale, long missing) {
    }

    @RegisterForReflection
    public record DataTypeFreshness(String dataType, String tier, boolean enabled, long warnAfterSeconds,
                                    long errorAfterSeconds, StateCounts counts, Instant newestAt, Instant oldestAt) {
    }

    @RegisterForReflection
    public record TierFreshness(String tier, StateCounts counts, List<DataTypeFreshness> dataTypes) {
    }

    @RegisterForReflection
    public record Offender(String dataType, String tier, String symbol, String state, Instant lastUpdatedAt,
                           Long ageSeconds, long errorAfterSeconds) {
    }

    @RegisterForReflection
    public record Staleness(Instant asOf, List<TierFreshness> tiers, List<Offender> worstOffenders) {
    }

    @RegisterForReflection
    public record Execution(long executionId, String task, String instanceId, Instant startedAt, Instant finishedAt,
                            String status, int itemsExamined, int jobsEnqueued, String error, JsonNode details) {
    }

    /** Shares of the measured time (0..1) spent in each phase. */
    @RegisterForReflection
    public record Shares(double queueWait, double fetch, double validate, double write) {
    }

    @RegisterForReflection
    public record PhaseTotals(long queueWaitMs, long fetchMs, long validateMs, long writeMs) {
    }

    /**
     * @param bottleneck the phase with the largest share: queue_wait (not enough processing capacity or
     *                   quota), fetch (the provider), validate (the work itself) or write (the database);
     *                   null without timings
     */
    @RegisterForReflection
    public record DataTypeBottleneck(String dataType, long jobs, long failed, PhaseTotals totals, Shares shares,
                                     PhaseTotals p95, String bottleneck) {
    }

    @RegisterForReflection
    public record Bottlenecks(Instant since, Instant until, PhaseTotals totals, Shares shares, String bottleneck,
                              List<DataTypeBottleneck> dataTypes) {
    }
}
