package dev.freshet.processor.run;

import dev.freshet.processor.circuit.ProviderCircuits;
import dev.freshet.processor.circuit.ProviderThrottle;
import dev.freshet.processor.claim.ClaimedJob;
import dev.freshet.processor.complete.Backoff;
import dev.freshet.processor.complete.JobFinisher;
import dev.freshet.processor.complete.JobResult;
import dev.freshet.processor.handler.Handlers;
import dev.freshet.processor.incremental.FollowUp;
import dev.freshet.processor.incremental.LastStoredLookup;
import dev.freshet.processor.provider.ApiKeys;
import dev.freshet.processor.provider.ProviderClients;
import dev.freshet.shared.handler.FailureKind;
import dev.freshet.shared.handler.RefreshHandler;
import dev.freshet.shared.handler.RefreshRequest;
import dev.freshet.shared.handler.RetrySettings;
import dev.freshet.shared.handler.SymbolOutcome;
import dev.freshet.shared.handler.UpstreamResponse;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.Registry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs claimed jobs: groups them by data type, cuts groups into calls (several symbols per call
 * where the handler has a multi-symbol endpoint), asks the circuit before each call, looks up how
 * far the data is stored when the handler fetches incrementally, classifies what came back and hands
 * the results to the finisher. Holds the set of running jobs for lease renewal and shutdown.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    private static final Duration DEFAULT_THROTTLE = Duration.ofSeconds(1);

    private final Registry registry;
    private final Handlers handlers;
    private final ProviderClients providers;
    private final ProviderCircuits circuits;
    private final ProviderThrottle throttle;
    private final JobFinisher finisher;
    private final ApiKeys keys;
    private final LastStoredLookup lastStored;
    private final Clock clock;
    private final Map<Long, ClaimedJob> running = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    public JobRunner(Registry registry, Handlers handlers, ProviderClients providers, ProviderCircuits circuits,
                     ProviderThrottle throttle, JobFinisher finisher, ApiKeys keys, LastStoredLookup lastStored, Clock clock) {
        this.registry = registry;
        this.handlers = handlers;
        this.providers = providers;
        this.circuits = circuits;
        this.throttle = throttle;
        this.finisher = finisher;
        this.keys = keys;
        this.lastStored = lastStored;
        this.clock = clock;
    }

    public Set<Long> runningJobIds() {
        return Set.copyOf(running.keySet());
    }

    public Map<Long, ClaimedJob> running() {
        return Map.copyOf(running);
    }

    /** New calls are no longer started: jobs that have not called yet are released. */
    public void stopStarting() {
        stopping = true;
    }

    /**
     * Gives every running job back to the queue without spending its attempt (shutdown): a call
     * still under way may finish later, but its claim no longer matches and only its usage counts.
     */
    public void releaseAll(Duration within) {
        Instant now = clock.instant();
        Map<String, List<ClaimedJob>> byType = new LinkedHashMap<>();
        running.values().forEach(j -> byType.computeIfAbsent(j.dataType(), k -> new ArrayList<>()).add(j));
        List<Uni<Void>> releases = new ArrayList<>();
        byType.forEach((type, jobs) -> releases.add(finisher.finish(registry.find(type).orElse(null),
                jobs.stream().map(j -> JobResult.release(j, now, "released at shutdown")).toList(),
                new JobFinisher.Writes(List.of(), List.of()))));
        if (releases.isEmpty()) {
            return;
        }
        try {
            Uni.join().all(releases).andCollectFailures().await().atMost(within);
        } catch (RuntimeException e) {
            LOG.warnf("releasing jobs at shutdown failed, their leases will return them: %s", e.getMessage());
        }
    }

    /** Runs the jobs to their end; the Uni completes when every one is finished (or failed to finish). */
    public Uni<Void> run(List<ClaimedJob> jobs) {
        if (jobs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        jobs.forEach(j -> running.put(j.jobId(), j));
        Map<String, List<ClaimedJob>> byType = new LinkedHashMap<>();
        for (ClaimedJob j : jobs) {
            byType.computeIfAbsent(j.dataType(), k -> new ArrayList<>()).add(j);
        }
        List<Uni<Void>> calls = new ArrayList<>();
        for (Map.Entry<String, List<ClaimedJob>> e : byType.entrySet()) {
            Optional<DataType> dt = registry.find(e.getKey());
            if (dt.isEmpty()) {
                calls.add(finishWithoutCall(e.getValue(), null, FailureKind.PERMANENT, "data type " + e.getKey() + " is not in the registry"));
                continue;
            }
            Optional<RefreshHandler> handler = handlers.find(dt.get().handler());
            if (handler.isEmpty()) {
                calls.add(finishWithoutCall(e.getValue(), dt.get(), FailureKind.PERMANENT, "no handler named " + dt.get().handler()));
                continue;
            }
            int perCall = Math.max(1, handler.get().maxSymbolsPerCall(dt.get()));
            List<ClaimedJob> list = e.getValue();
            for (int i = 0; i < list.size(); i += perCall) {
                calls.add(runCall(dt.get(), handler.get(), list.subList(i, Math.min(i + perCall, list.size()))));
            }
        }
        return Uni.join().all(calls).andCollectFailures().replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("finishing jobs failed, their leases will return them: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .eventually(() -> jobs.forEach(j -> running.remove(j.jobId())));
    }

    private Uni<Void> runCall(DataType dt, RefreshHandler handler, List<ClaimedJob> jobs) {
        String provider = dt.provider();
        if (stopping) {
            return release(dt, jobs, "released at shutdown");
        }
        if (!circuits.tryAcquire(provider)) {
            return release(dt, jobs, "circuit of provider " + provider + " is open");
        }
        List<String> symbols = jobs.stream().map(ClaimedJob::symbol).toList();
        return lastCovered(dt, handler, jobs).onItemOrFailure().transformToUni((covered, failure) -> {
            if (failure != null) {
                // the database said nothing about these jobs' data: they run again after the backoff
                LOG.warnf("looking up the stored %s failed, retrying %d job(s): %s", dt.dataType(), jobs.size(), failure.getMessage());
                return Uni.createFrom().item(failAll(symbols, "looking up the stored data failed: " + failure.getMessage()));
            }
            RefreshRequest request = new RefreshRequest(dt, symbols, providers.upstream(provider), clock.instant(), covered);
            return Uni.createFrom().deferred(() -> handler.refresh(request))
                    .onFailure().recoverWithItem(e -> failAll(symbols, "handler failed: " + keys.redact(provider, e.getMessage())));
        }).chain(outcomes -> finish(dt, jobs, outcomes));
    }

    private Uni<Map<String, Instant>> lastCovered(DataType dt, RefreshHandler handler, List<ClaimedJob> jobs) {
        return handler.incrementalColumn(dt)
                .map(column -> Uni.createFrom().deferred(() -> lastStored.lastCovered(dt, column, jobs)))
                .orElseGet(() -> Uni.createFrom().item(Map.of()));
    }

    private static List<SymbolOutcome> failAll(List<String> symbols, String error) {
        return symbols.stream().<SymbolOutcome>map(s -> new SymbolOutcome.Failed(s, FailureKind.FAULT, error, null, 0, null)).toList();
    }

    private Uni<Void> release(DataType dt, List<ClaimedJob> jobs, String reason) {
        Instant now = clock.instant();
        return finisher.finish(dt, jobs.stream().map(j -> JobResult.release(j, now, reason)).toList(),
                new JobFinisher.Writes(List.of(), List.of()));
    }

    private Uni<Void> finishWithoutCall(List<ClaimedJob> jobs, DataType dt, FailureKind kind, String error) {
        List<SymbolOutcome> outcomes = jobs.stream().<SymbolOutcome>map(j -> new SymbolOutcome.Failed(j.symbol(), kind, error, null, 0, null)).toList();
        return finish(dt, jobs, outcomes);
    }

    private Uni<Void> finish(DataType dt, List<ClaimedJob> jobs, List<SymbolOutcome> outcomes) {
        Map<String, SymbolOutcome> bySymbol = new LinkedHashMap<>();
        outcomes.forEach(o -> bySymbol.putIfAbsent(o.symbol(), o));
        RetrySettings retry = dt == null ? RetrySettings.DEFAULT : RetrySettings.of(dt.handlerConfig());
        Map<UpstreamResponse, Boolean> counted = new IdentityHashMap<>();
        List<JobResult> results = new ArrayList<>(jobs.size());
        List<SymbolOutcome.Rows> rows = new ArrayList<>();
        List<SymbolOutcome.SqlWrite> sql = new ArrayList<>();
        List<FollowUp> followUps = new ArrayList<>();
        Instant now = clock.instant();
        boolean fault = false;
        boolean healthy = false;
        String faultError = null;
        for (ClaimedJob job : jobs) {
            SymbolOutcome o = bySymbol.getOrDefault(job.symbol(),
                    new SymbolOutcome.Failed(job.symbol(), FailureKind.FAULT, "handler returned no outcome for this symbol", null, 0, null));
            UpstreamResponse call = o.call();
            boolean first = call != null && counted.put(call, Boolean.TRUE) == null;
            // a call the provider refused with 429 did not spend its quota: it is counted as rate-limited only
            int calls = first && call.status() != 429 ? 1 : 0;
            Integer status = call == null || call.status() == 0 ? null : call.status();
            Integer fetchMs = call == null ? null : (int) call.elapsed().toMillis();
            Instant callAt = call == null ? null : call.calledAt();
            int limited = first && call.status() == 429 ? 1 : 0;
            int errors = first && !call.ok() && call.status() != 429 ? 1 : 0;
            JobResult result;
            switch (o) {
                case SymbolOutcome.Rows r -> {
                    rows.add(r);
                    if (r.moreDue() != null) {
                        followUps.add(new FollowUp(r.symbol(), r.moreDue().coveredThrough()));
                    }
                    // rows without a call (nothing was due yet) say nothing about the provider
                    healthy |= call != null;
                    result = new JobResult(job, JobResult.Outcome.COMPLETED, null, null, status, r.bytes(), r.rows().size(),
                            fetchMs, (int) r.validate().toMillis(), null, calls, callAt, limited, errors);
                }
                case SymbolOutcome.SqlWrite w -> {
                    sql.add(w);
                    healthy = true;
                    result = new JobResult(job, JobResult.Outcome.COMPLETED, null, null, status, w.bytes(), 0,
                            fetchMs, null, null, calls, callAt, limited, errors);
                }
                case SymbolOutcome.Failed f -> {
                    JobResult.Outcome outcome;
                    Instant runAfter = null;
                    switch (f.kind()) {
                        case FAULT -> {
                            outcome = JobResult.Outcome.RETRY;
                            runAfter = now.plus(Backoff.jittered(retry, job.attempts()));
                            if (call != null) {
                                fault = true;
                                faultError = f.error();
                            }
                        }
                        case THROTTLED -> {
                            outcome = JobResult.Outcome.RELEASE;
                            runAfter = f.retryAt() != null ? f.retryAt() : now.plus(DEFAULT_THROTTLE);
                            throttle.throttle(dt.provider(), runAfter);
                        }
                        case NOT_ATTEMPTED -> outcome = JobResult.Outcome.RELEASE;
                        default -> {
                            outcome = JobResult.Outcome.FAILED;
                            if (call != null) {
                                healthy = true;
                            }
                        }
                    }
                    String error = dt == null ? f.error() : keys.redact(dt.provider(), f.error());
                    result = new JobResult(job, outcome, runAfter, error, status, f.bytes(), 0, fetchMs, null, null,
                            calls, callAt, limited, errors);
                }
            }
            results.add(result);
        }
        if (dt != null) {
            if (fault) {
                circuits.onFault(dt.provider(), faultError);
            } else if (healthy) {
                circuits.onSuccess(dt.provider());
            } else {
                circuits.onNeutral(dt.provider());
            }
        }
        return finisher.finish(dt, results, new JobFinisher.Writes(rows, sql, followUps));
    }
}
