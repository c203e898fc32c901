package dev.freshet.processor.run;

import dev.freshet.processor.circuit.ProviderGate;
import dev.freshet.processor.claim.ClaimedJob;
import dev.freshet.processor.complete.FinishWrites;
import dev.freshet.processor.complete.JobFinisher;
import dev.freshet.processor.complete.JobResult;
import dev.freshet.processor.incremental.LastStoredLookup;
import dev.freshet.processor.provider.ApiKeys;
import dev.freshet.processor.provider.ProviderClients;
import dev.freshet.processor.ridealong.RideAlong;
import dev.freshet.processor.tracing.JobSpans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import dev.freshet.shared.handler.FailureKind;
import dev.freshet.shared.handler.RefreshRequest;
import dev.freshet.shared.handler.SymbolOutcome;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.Registry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs claimed jobs: each planned call goes through the provider gate, looks up how far the data is
 * stored when the handler fetches incrementally, calls the handler, and hands the classified
 * results to the finisher.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    private final Registry registry;
    private final CallPlanner planner;
    private final ProviderClients providers;
    private final ProviderGate gate;
    private final OutcomeClassifier classifier;
    private final JobFinisher finisher;
    private final ApiKeys keys;
    private final LastStoredLookup lastStored;
    private final RunningJobs running;
    private final Clock clock;
    private final JobSpans spans;
    private final RideAlong rideAlong;

    public JobRunner(Registry registry, CallPlanner planner, ProviderClients providers, ProviderGate gate,
                     OutcomeClassifier classifier, JobFinisher finisher, ApiKeys keys, LastStoredLookup lastStored,
                     RunningJobs running, Clock clock, JobSpans spans, RideAlong rideAlong) {
        this.spans = spans;
        this.rideAlong = rideAlong;
        this.registry = registry;
        this.planner = planner;
        this.providers = providers;
        this.gate = gate;
        this.classifier = classifier;
        this.finisher = finisher;
        this.keys = keys;
        this.lastStored = lastStored;
        this.running = running;
        this.clock = clock;
    }

    /**
     * Gives every running job back to the queue without spending its attempt (shutdown): a call
     * still under way may finish later, but its claim no longer matches and only its usage counts.
     */
    public void releaseAll(Duration within) {
        List<ClaimedJob> jobs = running.jobs();
        if (jobs.isEmpty()) {
            return;
        }
        try {
            releaseUnstarted(jobs, "released at shutdown").await().atMost(within);
        } catch (RuntimeException e) {
            LOG.warnf("releasing jobs at shutdown failed, their leases will return them: %s", e.getMessage());
        }
    }

    /** Gives claimed jobs back to the queue without running them, their attempts and reservations given back. */
    public Uni<Void> releaseUnstarted(List<ClaimedJob> jobs, String reason) {
        List<Uni<Void>> releases = new ArrayList<>();
        CallPlanner.byDataType(jobs).forEach((type, list) -> releases.add(release(registry.find(type).orElse(null), list, reason)));
        return releases.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(releases).andCollectFailures().replaceWithVoid();
    }

    /** Runs the jobs to their end; the Uni completes when every one is finished (or failed to finish). */
    public Uni<Void> run(List<ClaimedJob> jobs) {
        if (jobs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        running.addAll(jobs);
        spans.claimed(jobs, jobs.get(0).claimedAt());
        CallPlanner.Plan plan = planner.plan(jobs);
        List<Uni<Void>> calls = new ArrayList<>();
        if (!plan.givenBack().isEmpty()) {
            calls.add(giveBack(plan.givenBack()));
        }
        plan.calls().forEach(c -> calls.add(runCall(c)));
        return Uni.join().all(calls).andCollectFailures().replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("finishing jobs failed, their leases will return them: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .eventually(() -> running.removeAll(jobs));
    }

    /**
     * Jobs this processor cannot run go back with their attempts, once the registry is read again (so the claim that
     * takes them next finds their data type, or leaves a handler this build lacks to instances that have it). Failing
     * them would lose the work of every job claimed in a processor's first moments, just after a data type was added,
     * or during a rolling upgrade that brings a new handler.
     */
    private Uni<Void> giveBack(List<CallPlanner.GivenBack> givenBack) {
        givenBack.forEach(g -> LOG.infof("giving back %d claimed job(s): %s", g.jobs().size(), g.reason()));
        return registry.reload()
                .onFailure().invoke(e -> LOG.warnf("reloading the registry failed: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .chain(() -> Uni.join().all(givenBack.stream().map(g -> releaseUnstarted(g.jobs(), g.reason())).toList())
                        .andCollectFailures().replaceWithVoid());
    }

    private Uni<Void> runCall(CallPlanner.Call c) {
        DataType dt = c.dt();
        Span span = spans.call(dt, c.jobs());
        List<ClaimedJob> riders = new CopyOnWriteArrayList<>();
        return gate.call(dt.provider(), () -> withRiders(c, riders).chain(call -> attempt(call, span)),
                        OutcomeClassifier.Classified::verdict,
                        reason -> Uni.createFrom().item(OutcomeClassifier.Classified.released(c.jobs(), reason)))
                .chain(classified -> {
                    Span write = spans.step(span, "write " + dt.dataType());
                    return finisher.finish(dt, RideAlong.settle(classified.results()), classified.writes()).eventually(() -> write.end());
                }).eventually(() -> {
                    running.removeAll(riders);
                    span.end();
                });
    }

    /** The call with its spare symbol slots filled by ride-along pairs, held (and renewed) as this instance's jobs. */
    private Uni<CallPlanner.Call> withRiders(CallPlanner.Call c, List<ClaimedJob> riders) {
        return rideAlong.riders(c.dt(), c.handler(), c.jobs(), c.handler().maxSymbolsPerCall(c.dt())).map(found -> {
            if (found.isEmpty()) {
                return c;
            }
            riders.addAll(found);
            running.addAll(found);
            List<ClaimedJob> jobs = new ArrayList<>(c.jobs());
            // after the jobs the call was made for: the first of those carries the call's usage
            jobs.addAll(found);
            return new CallPlanner.Call(c.dt(), c.handler(), jobs);
        });
    }

    private Uni<OutcomeClassifier.Classified> attempt(CallPlanner.Call c, Span span) {
        DataType dt = c.dt();
        List<String> symbols = c.jobs().stream().map(ClaimedJob::symbol).toList();
        return lastCovered(c).onItemOrFailure().transformToUni((covered, failure) -> {
            if (failure != null) {
                // the database said nothing about these jobs' data: they run again after the backoff
                LOG.warnf("looking up the stored %s failed, retrying %d job(s): %s", dt.dataType(), c.jobs().size(), failure.getMessage());
                return Uni.createFrom().item(failAll(c.jobs(), FailureKind.FAULT, "looking up the stored data failed: " + failure.getMessage()));
            }
            RefreshRequest request = new RefreshRequest(dt, symbols, providers.upstream(dt.provider(), Context.root().with(span)),
                    clock.instant(), covered);
            return Uni.createFrom().deferred(() -> c.handler().refresh(request))
                    .onFailure().recoverWithItem(e -> failAll(c.jobs(), FailureKind.FAULT, "handler failed: " + keys.redact(dt.provider(), e.getMessage())));
        }).map(outcomes -> classifier.classify(dt, c.jobs(), outcomes));
    }

    private Uni<Map<String, Instant>> lastCovered(CallPlanner.Call c) {
        return c.handler().incrementalColumn(c.dt())
                .map(column -> Uni.createFrom().deferred(() -> lastStored.lastCovered(c.dt(), column, c.jobs())))
                .orElseGet(() -> Uni.createFrom().item(Map.of()));
    }

    private static List<SymbolOutcome> failAll(List<ClaimedJob> jobs, FailureKind kind, String error) {
        return jobs.stream().<SymbolOutcome>map(j -> new SymbolOutcome.Failed(j.symbol(), kind, error, null, 0, null)).toList();
    }

    private Uni<Void> release(DataType dt, List<ClaimedJob> jobs, String reason) {
        OutcomeClassifier.Classified released = OutcomeClassifier.Classified.released(jobs, reason);
        return finisher.finish(dt, RideAlong.settle(released.results()), released.writes());
    }
}
