package dev.freshet.admin.explain;

import dev.freshet.admin.AdminConfig;
import dev.freshet.admin.common.Params;
import dev.freshet.admin.common.Rows;
import dev.freshet.admin.common.Symbols;
import dev.freshet.admin.quotas.QuotaReports;
import dev.freshet.admin.quotas.QuotaService;
import dev.freshet.admin.quotas.QuotaView;
import dev.freshet.shared.flags.FeatureFlag;
import dev.freshet.shared.flags.FeatureFlags;
import dev.freshet.shared.flags.Flags;
import dev.freshet.shared.problem.ProblemException;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.RegistrySql;
import dev.freshet.shared.staleness.PairFreshness;
import dev.freshet.shared.staleness.StalenessCheck;
import dev.freshet.shared.universe.SymbolBlock;
import dev.freshet.shared.universe.SymbolGate;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Answers "why is this pair in this state?" from the registry, the data, presence, the queue and the limits. */
@ApplicationScoped
public class ExplainService {

    /** From best to worst. */
    private static final List<String> STATES = List.of("fresh", "aging", "stale", "missing");

    private final Pool pool;
    private final Clock clock;
    private final AdminConfig config;
    private final StalenessCheck staleness;
    private final QuotaService quotas;
    private final SourceChainHold chains;
    private final SymbolGate gate;

    public ExplainService(Pool pool, Clock clock, AdminConfig config, StalenessCheck staleness, QuotaService quotas,
                          SourceChainHold chains, SymbolGate gate) {
        this.pool = pool;
        this.clock = clock;
        this.config = config;
        this.staleness = staleness;
        this.quotas = quotas;
        this.chains = chains;
        this.gate = gate;
    }

    public Uni<Explanation> explain(String dataType, String symbol) {
        return pool.preparedQuery(RegistrySql.SELECT_ONE).execute(Tuple.of(dataType)).flatMap(rows -> {
            RowIterator<Row> it = rows.iterator();
            if (!it.hasNext()) {
                throw ProblemException.notFound("data type '" + dataType + "' does not exist");
            }
            DataType dt = RegistrySql.map(it.next());
            String sym = Symbols.require(dt, symbol);
            return explain(dt, sym, clock.instant());
        });
    }

    private Uni<Explanation> explain(DataType dt, String symbol, Instant now) {
        Tuple pair = Tuple.of(dt.dataType(), symbol);
        Uni<PairFreshness> freshness = staleness.check(dt, List.of(symbol)).map(m -> m.get(symbol));
        Uni<Explanation.QueuedJob> job = pool.preparedQuery(ExplainSql.HOT_JOB).execute(pair).map(rows -> {
            RowIterator<Row> it = rows.iterator();
            if (!it.hasNext()) {
                return null;
            }
            Row r = it.next();
            return new Explanation.QueuedJob(r.getLong("job_id"), r.getString("status"), r.getInteger("priority"),
                    r.getString("origin"), r.getInteger("viewer_count"), r.getInteger("attempts"),
                    r.getInteger("max_attempts"), Rows.instant(r, "run_after"), Rows.instant(r, "enqueued_at"),
                    r.getString("claimed_by"), Rows.instant(r, "lease_expires_at"), r.getString("last_error"),
                    Rows.instant(r, "deadline_at"));
        });
        Uni<Explanation.FinishedJob> last = pool.preparedQuery(ExplainSql.LAST_FINISHED).execute(pair).map(rows -> {
            RowIterator<Row> it = rows.iterator();
            if (!it.hasNext()) {
                return null;
            }
            Row r = it.next();
            return new Explanation.FinishedJob(r.getLong("job_id"), r.getString("status"), r.getInteger("attempts"),
                    Rows.instant(r, "finished_at"), r.getString("last_error"));
        });
        Uni<Explanation.Viewers> viewers = pool.preparedQuery(ExplainSql.VIEWERS)
                .execute(Tuple.of(dt.dataType(), symbol, Params.utc(now.minus(config.presenceTtl())))).map(rows -> {
                    Row r = rows.iterator().next();
                    return new Explanation.Viewers(r.getLong("viewers"), Rows.instant(r, "last_seen_at"),
                            config.presenceTtl().toSeconds());
                });
        Uni<Map<String, FeatureFlag>> flags = pool.query(ExplainSql.FLAGS).execute().map(rows -> {
            Map<String, FeatureFlag> out = new HashMap<>();
            rows.forEach(r -> {
                FeatureFlag f = FeatureFlags.map(r);
                out.put(f.name(), f);
            });
            return out;
        });
        Uni<QuotaView> quota = quotas.usage(dt.provider(), now).map(rows ->
                rows.iterator().hasNext() ? QuotaView.of(rows.iterator().next()) : null);
        Uni<List<Explanation.Blocker>> circuits = pool.preparedQuery(ExplainSql.OPEN_CIRCUITS)
                .execute(Tuple.of(dt.provider(), Params.utc(now))).map(rows -> {
                    List<Explanation.Blocker> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Explanation.Blocker("circuit_open", "the circuit breaker of provider " + dt.provider()
                                + " is " + r.getString("state") + " on " + r.getString("instance_id")
                                + (r.getString("last_error") == null ? "" : " after: " + r.getString("last_error")),
                                Rows.instant(r, "open_until")));
                    }
                    return out;
                }).flatMap(out -> pool.preparedQuery(ExplainSql.PROVIDER_PAUSE).execute(Tuple.of(dt.provider())).map(rows -> {
                    for (Row r : rows) {
                        out.add(0, new Explanation.Blocker("provider_paused", "provider " + dt.provider() + " was paused by "
                                + r.getString("paused_by") + " at " + Rows.instant(r, "paused_at")
                                + (r.getString("reason") == null ? "" : ": " + r.getString("reason"))
                                + "; no processor claims its jobs until it is resumed", null));
                    }
                    return out;
                }));
        Uni<Optional<SourceChainHold.Hold>> chain = chains.of(dt, symbol);
        Uni<Optional<Explanation.Blocker>> unknown = gate.blocked(pool, dt, List.of(symbol))
                .map(blocked -> Optional.ofNullable(blocked.get(symbol)).map(b -> unknownSymbol(dt, b)));
        return Uni.combine().all().unis(freshness, job, last, viewers, flags, quota, circuits, chain, unknown).asTuple()
                .map(t -> assemble(dt, symbol, now, t.getItem1(), t.getItem2(), t.getItem3(), t.getItem4(), t.getItem5(),
                        t.getItem6(), t.getItem7(), t.getItem8().orElse(null), t.getItem9().orElse(null)));
    }

    /** {@code outside_universe} or {@code not_found} (until the negative cache's backoff ends). */
    private static Explanation.Blocker unknownSymbol(DataType dt, SymbolBlock b) {
        return new Explanation.Blocker(b.reason(), b.describe(dt.provider()), b.notFoundUntil());
    }

    private Explanation assemble(DataType dt, String symbol, Instant now, PairFreshness f, Explanation.QueuedJob job,
                                 Explanation.FinishedJob last, Explanation.Viewers viewers, Map<String, FeatureFlag> flags,
                                 QuotaView quota, List<Explanation.Blocker> circuits, SourceChainHold.Hold chain,
                                 Explanation.Blocker unknownSymbol) {
        Long age = f.updatedAt() == null ? null : Math.max(0, Duration.between(f.updatedAt(), now).toSeconds());
        String own = f.checkFailed() ? "stale"
                : f.updatedAt() == null ? "missing"
                : age < dt.warnAfter().toSeconds() ? "fresh"
                : age < dt.errorAfter().toSeconds() ? "aging" : "stale";
        // derived bars are no fresher than the source they are built from
        String state = chain != null && chain.rootState() != null && STATES.indexOf(chain.rootState()) > STATES.indexOf(own)
                ? chain.rootState() : own;
        Explanation.Freshness freshness = new Explanation.Freshness(f.updatedAt(), age, dt.ttlSeconds(),
                dt.warnAfter().toSeconds(), dt.errorAfter().toSeconds(), dt.tier().sql(), dt.refreshMode().sql(),
                dt.enabled(), f.checkFailed());

        List<Explanation.Blocker> blockers = new ArrayList<>();
        if (unknownSymbol != null) {
            // first: it is why nothing is queued, whatever else holds the provider
            blockers.add(unknownSymbol);
        }
        if (chain != null && chain.blocker() != null) {
            blockers.add(chain.blocker());
        }
        if (!dt.enabled()) {
            blockers.add(new Explanation.Blocker("data_type_disabled", "data type " + dt.dataType() + " is "
                    + dt.rolloutState().sql() + " (rollout state): nothing is queued or claimed for it", null));
        }
        flagOff(flags, Flags.USE_QUEUE_SYSTEM, dt, "processors do not claim its jobs", blockers);
        if (dt.refreshMode().onDemand()) {
            flagOff(flags, Flags.USE_PRESENCE_TRACKING, dt, "viewers do not queue refreshes", blockers);
        }
        if (dt.refreshMode().scheduled()) {
            flagOff(flags, Flags.USE_SCHEDULED_REFRESHES, dt, "scheduled refreshes are not queued", blockers);
        }
        if (quota != null) {
            for (var w : QuotaReports.windows(quota, now, 0, 0)) {
                if (w.exhausted()) {
                    blockers.add(new Explanation.Blocker("quota_" + (w.unit().equals("bytes") ? "bytes" : w.window()),
                            "provider " + dt.provider() + " has used its " + w.window() + " budget (" + (w.used() + w.reserved())
                                    + " of " + w.effectiveLimit() + " " + w.unit() + " used or reserved)", w.resetsAt()));
                }
            }
        }
        blockers.addAll(circuits);
        if (job != null && "pending".equals(job.status()) && job.runAfter() != null && job.runAfter().isAfter(now)) {
            blockers.add(new Explanation.Blocker("backoff", "attempt " + job.attempts() + " of " + job.maxAttempts()
                    + " failed" + (job.lastError() == null ? "" : " (" + job.lastError() + ")") + "; the next one waits",
                    job.runAfter()));
        }
        return new Explanation(dt.dataType(), symbol, now, state, summary(dt, state, age, job, viewers, blockers, now),
                freshness, viewers, job, last, blockers);
    }

    /** "refresh-ahead queued at age X s of TTL Y s" for a job queued before its pair went stale; otherwise its priority. */
    private static String queuedHow(DataType dt, Long age, Explanation.QueuedJob job, Instant now) {
        if (job.deadlineAt() != null && job.deadlineAt().isAfter(job.enqueuedAt()) && age != null) {
            long queuedAtAge = Math.max(0, age - Duration.between(job.enqueuedAt(), now).toSeconds());
            long left = Duration.between(now, job.deadlineAt()).toSeconds();
            return "a refresh-ahead is queued (at age " + queuedAtAge + " s of TTL " + dt.ttlSeconds() + " s; "
                    + (left >= 0 ? "stale in " + left + " s" : "stale for " + -left + " s") + ", priority " + job.priority() + ")";
        }
        return "a refresh is queued at priority " + job.priority() + " since " + job.enqueuedAt();
    }

    /** Why a queued job no blocker holds is not running yet, under the processor's deadline policy. */
    private static String waitsFor(DataType dt, Explanation.QueuedJob job, Instant now) {
        if (dt.pairsPerCall() > 1 && job.deadlineAt() != null && job.deadlineAt().isAfter(now)) {
            return "its pair is fresh yet, so its call (up to " + dt.pairsPerCall() + " symbols) waits until shortly "
                    + "before the deadline (freshet.processor.batch-gather-margin) and takes along the pairs queued "
                    + "meanwhile, unless a call of its type goes sooner and takes it along";
        }
        String kept = switch (dt.tier()) {
            case LOW -> "; the low tier leaves a share of each minute's calls to the tiers above it (what their viewed "
                    + "pairs used the minute before, at least freshet.processor.low-tier-reserve) until late in the minute";
            case STANDARD -> "; the standard tier leaves the critical tier the calls its viewed pairs made the minute "
                    + "before, until late in the minute";
            default -> "";
        };
        return "due now, it waits for a budgeted call or a free processor (calls go first to pairs due within the "
                + "processor's deadline horizon, then to the higher tier and the more viewers, earliest deadline first"
                + kept + ")";
    }

    private static void flagOff(Map<String, FeatureFlag> flags, String flag, DataType dt, String effect,
                                List<Explanation.Blocker> blockers) {
        FeatureFlag f = flags.get(flag);
        if (f == null || !f.enabledFor(dt.dataType())) {
            blockers.add(new Explanation.Blocker("flag_off", "flag " + flag + " is off"
                    + (f != null && f.enabled() ? " for " + dt.dataType() : "") + ": " + effect, null));
        }
    }

    private static String summary(DataType dt, String state, Long age, Explanation.QueuedJob job,
                                  Explanation.Viewers viewers, List<Explanation.Blocker> blockers, Instant now) {
        String data = age == null ? "no data is cached" : "updated " + age + " s ago (TTL " + dt.ttlSeconds() + " s)";
        String who = viewers.count() == 0 ? "nobody views it" : viewers.count() + " viewer(s)";
        if (job != null && "processing".equals(job.status())) {
            return state + ": " + data + "; a refresh is running on " + job.claimedBy() + " (attempt " + job.attempts()
                    + " of " + job.maxAttempts() + ")";
        }
        if (job != null) {
            String queued = queuedHow(dt, age, job, now);
            Explanation.Blocker budget = blockers.stream().filter(b -> b.kind().equals("quota_calls_per_minute")).findFirst().orElse(null);
            if (budget != null && blockers.size() == 1) {
                long in = budget.until() == null ? 0 : Math.max(0, Duration.between(now, budget.until()).toSeconds());
                return state + ": " + data + "; " + queued + "; it waits: the budget of this minute is spent on higher-value "
                        + "work (" + budget.detail() + "); next usable call in " + in + " s";
            }
            return blockers.isEmpty()
                    ? state + ": " + data + "; " + queued + "; " + waitsFor(dt, job, now)
                    : state + ": " + data + "; " + queued + " but held: " + blockers.getFirst().detail();
        }
        if (state.equals("fresh")) {
            return "fresh: " + data + "; " + who;
        }
        if (!blockers.isEmpty()) {
            return state + ": " + data + "; " + who + "; no refresh is queued: " + blockers.getFirst().detail();
        }
        if (viewers.count() == 0 && !dt.refreshMode().scheduled()) {
            return state + ": " + data + "; nobody views it and it is refreshed only on demand, so it is refreshed when next viewed";
        }
        return state + ": " + data + "; " + who + "; no refresh is queued yet: the next "
                + (viewers.count() > 0 ? "presence scan or heartbeat" : "scheduled run") + " queues one";
    }

}
