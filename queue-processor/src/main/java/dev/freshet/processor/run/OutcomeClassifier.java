package dev.freshet.processor.run;

import dev.freshet.processor.circuit.ProviderVerdict;
import dev.freshet.processor.claim.ClaimedJob;
import dev.freshet.processor.complete.Backoff;
import dev.freshet.processor.complete.FinishWrites;
import dev.freshet.processor.complete.JobResult;
import dev.freshet.processor.config.ProcessorConfig;
import dev.freshet.processor.incremental.FollowUp;
import dev.freshet.processor.provider.ApiKeys;
import dev.freshet.shared.handler.FailureKind;
import dev.freshet.shared.handler.RetrySettings;
import dev.freshet.shared.handler.SymbolOutcome;
import dev.freshet.shared.handler.UpstreamResponse;
import dev.freshet.shared.registry.DataType;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what a handler returned for one call into how each job ends (completed, failed, retry with
 * backoff, released), the data to write, the usage to settle (a call counted once, on the first job
 * it served; a 429 only as rate-limited) and what the call says about its provider.
 */
@ApplicationScoped
public class OutcomeClassifier {

    private static final Duration DEFAULT_THROTTLE = Duration.ofSeconds(1);

    /** The jobs' results, their writes and the provider's verdict. */
    public record Classified(List<JobResult> results, FinishWrites writes, ProviderVerdict verdict) {

        /** Jobs given back without a call: their attempts and reservations returned, nothing learnt of the provider. */
        public static Classified released(List<ClaimedJob> jobs, String reason) {
            return new Classified(jobs.stream().map(j -> JobResult.release(j, reason)).toList(), FinishWrites.NONE, ProviderVerdict.NEUTRAL);
        }
    }

    private final ApiKeys keys;
    private final Clock clock;
    private final ProcessorConfig config;

    public OutcomeClassifier(ApiKeys keys, Clock clock, ProcessorConfig config) {
        this.keys = keys;
        this.clock = clock;
        this.config = config;
    }

    public Classified classify(DataType dt, List<ClaimedJob> jobs, List<SymbolOutcome> outcomes) {
        Map<String, SymbolOutcome> bySymbol = new LinkedHashMap<>();
        outcomes.forEach(o -> bySymbol.putIfAbsent(o.symbol(), o));
        RetrySettings retry = RetrySettings.of(dt.handlerConfig());
        Map<UpstreamResponse, Boolean> counted = new IdentityHashMap<>();
        List<JobResult> results = new ArrayList<>(jobs.size());
        List<SymbolOutcome.Rows> rows = new ArrayList<>();
        List<SymbolOutcome.SqlWrite> sql = new ArrayList<>();
        List<FollowUp> followUps = new ArrayList<>();
        Instant now = clock.instant();
        boolean healthy = false;
        boolean fault = false;
        String faultError = null;
        Instant throttledUntil = null;
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
                    Duration retryIn = null;
                    switch (f.kind()) {
                        case FAULT -> {
                            outcome = JobResult.Outcome.RETRY;
                            retryIn = Backoff.jittered(retry, job.attempts());
                            if (call != null) {
                                fault = true;
                                faultError = f.error();
                            }
                        }
                        case THROTTLED -> {
                            outcome = JobResult.Outcome.THROTTLED;
                            retryIn = throttledFor(f.retryAt(), now);
                            Instant until = now.plus(retryIn);
                            throttledUntil = throttledUntil == null || until.isAfter(throttledUntil) ? until : throttledUntil;
                        }
                        case NOT_ATTEMPTED -> outcome = JobResult.Outcome.RELEASE;
                        case NOT_FOUND -> {
                            outcome = JobResult.Outcome.NOT_FOUND;
                            healthy |= call != null;
                        }
                        default -> {
                            outcome = JobResult.Outcome.FAILED;
                            healthy |= call != null;
                        }
                    }
                    String error = keys.redact(dt.provider(), f.error());
                    result = new JobResult(job, outcome, retryIn, error, status, f.bytes(), 0, fetchMs, null, null,
                            calls, callAt, limited, errors);
                }
            }
            results.add(result);
        }
        ProviderVerdict.Kind kind = fault ? ProviderVerdict.Kind.FAULT
                : healthy ? ProviderVerdict.Kind.HEALTHY : ProviderVerdict.Kind.NEUTRAL;
        return new Classified(results, new FinishWrites(rows, sql, followUps), new ProviderVerdict(kind, faultError, throttledUntil));
    }

    /** How long a 429 keeps the job (and its provider) waiting: its Retry-After, at most the configured cap. */
    private Duration throttledFor(Instant retryAt, Instant now) {
        Duration wait = retryAt == null ? DEFAULT_THROTTLE : Duration.between(now, retryAt);
        Duration cap = config.processor().retryAfterCap();
        return wait.isNegative() ? Duration.ZERO : wait.compareTo(cap) > 0 ? cap : wait;
    }
}
