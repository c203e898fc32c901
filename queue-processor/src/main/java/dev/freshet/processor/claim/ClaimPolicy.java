package dev.freshet.processor.claim;

import dev.freshet.processor.config.ProcessorConfig;
import dev.freshet.processor.config.Scheduling;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the claim statement needs besides the moment and the batch: the ordering policy with its tier
 * weights, aging, and the pacing of the per-minute budget.
 *
 * @param unviewedWeight    deadline: what a job for a pair nobody views counts for, in viewers
 * @param agingStep         static: one priority point per this much waited
 * @param deadlineAgingStep deadline: a job's value doubles per this much waited past its deadline
 * @param deadlineHorizon   deadline: a job due further away than this yields to every job due within it
 * @param pacingBurst   share of a per-minute budget usable at the start of the minute (1 = unpaced)
 * @param pacingWindow  the rest accrues evenly until this far into the minute, so the whole usable budget
 *                      is claimable well before the minute ends
 * @param lowTierReserve      deadline: the least share of the minute's usable calls the lowest tier leaves to the tiers above
 * @param lowTierReserveUntil deadline: how far into the minute the lowest tier leaves the tiers above their share, and
 *                            work nobody needs now waits while people view the provider's pairs
 * @param batchGatherMargin   deadline: a batch call with room for more pairs waits for them until its first deadline is
 *                            this close
 * @param batchGatherBehindCall deadline: a batch call with room for more pairs waits while a call of its data type claimed
 *                            less than this ago still runs (0 = never)
 */
public record ClaimPolicy(Scheduling scheduling, double criticalWeight, double standardWeight, double lowWeight,
                          double unviewedWeight, Duration agingStep, Duration deadlineAgingStep, Duration deadlineHorizon, double pacingBurst,
                          Duration pacingWindow, double lowTierReserve, Duration lowTierReserveUntil, Duration batchGatherMargin,
                          Duration batchGatherBehindCall) {

    public ClaimPolicy {
        List<String> problems = problems(criticalWeight, standardWeight, lowWeight, agingStep, deadlineAgingStep, deadlineHorizon,
                pacingBurst, pacingWindow);
        reserve(problems, lowTierReserve, lowTierReserveUntil);
        if (batchGatherMargin == null || batchGatherMargin.isNegative()) {
            problems.add("freshet.processor.batch-gather-margin must be zero or more, was " + batchGatherMargin);
        }
        if (batchGatherBehindCall == null || batchGatherBehindCall.isNegative()) {
            problems.add("freshet.processor.batch-gather-behind-call must be zero or more, was " + batchGatherBehindCall);
        }
        if (!(unviewedWeight > 0 && unviewedWeight <= 1)) {
            problems.add("freshet.processor.unviewed-weight must be above 0 and at most 1, was " + unviewedWeight);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    public static ClaimPolicy of(ProcessorConfig.Processor p) {
        ProcessorConfig.TierWeights w = p.tierWeights();
        return new ClaimPolicy(p.scheduling(), w.critical(), w.standard(), w.low(), p.unviewedWeight(), p.agingStep(), p.deadlineAgingStep(), p.deadlineHorizon(),
                p.quotaPacingBurst(), p.quotaPacingWindow(), p.lowTierReserve(), p.lowTierReserveUntil(), p.batchGatherMargin(),
                p.batchGatherBehindCall());
    }

    public ClaimPolicy with(Scheduling other) {
        return new ClaimPolicy(other, criticalWeight, standardWeight, lowWeight, unviewedWeight, agingStep, deadlineAgingStep, deadlineHorizon,
                pacingBurst, pacingWindow, lowTierReserve, lowTierReserveUntil, batchGatherMargin, batchGatherBehindCall);
    }

    public ClaimPolicy withPacing(double burst) {
        return new ClaimPolicy(scheduling, criticalWeight, standardWeight, lowWeight, unviewedWeight, agingStep, deadlineAgingStep, deadlineHorizon,
                burst, pacingWindow, lowTierReserve, lowTierReserveUntil, batchGatherMargin, batchGatherBehindCall);
    }

    public ClaimPolicy withLowTierReserve(double share, Duration until) {
        return new ClaimPolicy(scheduling, criticalWeight, standardWeight, lowWeight, unviewedWeight, agingStep, deadlineAgingStep, deadlineHorizon,
                pacingBurst, pacingWindow, share, until, batchGatherMargin, batchGatherBehindCall);
    }

    public ClaimPolicy withBatchGatherMargin(Duration margin) {
        return new ClaimPolicy(scheduling, criticalWeight, standardWeight, lowWeight, unviewedWeight, agingStep, deadlineAgingStep, deadlineHorizon,
                pacingBurst, pacingWindow, lowTierReserve, lowTierReserveUntil, margin, batchGatherBehindCall);
    }

    public ClaimPolicy withBatchGatherBehindCall(Duration window) {
        return new ClaimPolicy(scheduling, criticalWeight, standardWeight, lowWeight, unviewedWeight, agingStep, deadlineAgingStep, deadlineHorizon,
                pacingBurst, pacingWindow, lowTierReserve, lowTierReserveUntil, batchGatherMargin, window);
    }

    /** {@link #claimParams(OffsetDateTime, int, String, Duration, List, List, Map)} with no calls of the tiers above the lowest known. */
    public Object[] claimParams(OffsetDateTime now, int limit, String instanceId, Duration lease, List<String> skipProviders,
                                List<String> skipDataTypes) {
        return claimParams(now, limit, instanceId, lease, skipProviders, skipDataTypes, Map.of());
    }

    /**
     * The parameters of {@link ClaimSql#claimDueJobs} under this policy, in its order.
     *
     * @param upperTierCalls per provider, the calls of the tiers above in the previous minute ({@link UpperTierDemand})
     */
    public Object[] claimParams(OffsetDateTime now, int limit, String instanceId, Duration lease, List<String> skipProviders,
                                List<String> skipDataTypes, Map<String, UpperTierDemand.Calls> upperTierCalls) {
        String[] providers = upperTierCalls.keySet().toArray(String[]::new);
        Double[] calls = new Double[providers.length];
        Double[] critical = new Double[providers.length];
        Double[] standardNew = new Double[providers.length];
        for (int i = 0; i < providers.length; i++) {
            calls[i] = upperTierCalls.get(providers[i]).upper();
            critical[i] = upperTierCalls.get(providers[i]).critical();
            standardNew[i] = upperTierCalls.get(providers[i]).standardNew();
        }
        return new Object[]{now, limit, instanceId, lease.toMillis() / 1000.0,
                skipProviders.toArray(String[]::new), skipDataTypes.toArray(String[]::new),
                seconds(agingStep), pacingBurst, scheduling.sql(), criticalWeight, standardWeight,
                lowWeight, seconds(pacingWindow), seconds(deadlineAgingStep),
                deadlineHorizon.isNegative() ? 0.0 : deadlineHorizon.toMillis() / 1000.0, lowTierReserve, seconds(lowTierReserveUntil),
                unviewedWeight, providers, calls, critical, batchGatherMargin.toMillis() / 1000.0,
                batchGatherBehindCall.toMillis() / 1000.0, standardNew};
    }

    private static double seconds(Duration d) {
        return Math.max(d.toMillis(), 1) / 1000.0;
    }

    private static List<String> problems(double critical, double standard, double low, Duration agingStep,
                                         Duration deadlineAgingStep, Duration horizon, double burst, Duration window) {
        List<String> out = new ArrayList<>();
        weight(out, "critical", critical);
        weight(out, "standard", standard);
        weight(out, "low", low);
        positive(out, "aging-step", agingStep);
        positive(out, "deadline-aging-step", deadlineAgingStep);
        if (horizon == null || horizon.isNegative()) {
            out.add("freshet.processor.deadline-horizon must be zero or more, was " + horizon);
        }
        if (!(burst >= 0 && burst <= 1)) {
            out.add("freshet.processor.quota-pacing-burst must be from 0 to 1, was " + burst);
        }
        if (window == null || window.isNegative() || window.isZero() || window.compareTo(Duration.ofMinutes(1)) > 0) {
            out.add("freshet.processor.quota-pacing-window must be above 0s and at most 60s, was " + window);
        }
        return out;
    }

    private static void reserve(List<String> out, double share, Duration until) {
        if (!(share >= 0 && share < 1)) {
            out.add("freshet.processor.low-tier-reserve must be from 0 to below 1, was " + share);
        }
        if (until == null || until.isNegative() || until.compareTo(Duration.ofMinutes(1)) > 0) {
            out.add("freshet.processor.low-tier-reserve-until must be from 0s to 60s, was " + until);
        }
    }

    private static void positive(List<String> out, String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            out.add("freshet.processor." + name + " must be positive, was " + d);
        }
    }

    private static void weight(List<String> out, String tier, double w) {
        // a weight of 0 would make the tier worth nothing (the value is compared on a log scale)
        if (!(w > 0) || Double.isInfinite(w)) {
            out.add("freshet.processor.tier-weights." + tier + " must be a positive number, was " + w);
        }
    }
}
