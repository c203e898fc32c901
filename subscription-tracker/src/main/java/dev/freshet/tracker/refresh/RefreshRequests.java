package dev.freshet.tracker.refresh;

import dev.freshet.shared.queue.EnqueueCandidate;
import dev.freshet.shared.queue.JobEnqueuer;
import dev.freshet.shared.queue.JobOrigin;
import dev.freshet.shared.queue.JobSql;
import dev.freshet.shared.queue.Priorities;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.staleness.PairFreshness;
import dev.freshet.tracker.fairshare.FairShare;
import dev.freshet.tracker.freshness.FreshnessService;
import dev.freshet.tracker.guard.Caller;
import dev.freshet.shared.universe.SymbolGate;
import dev.freshet.tracker.presence.Pair;
import dev.freshet.tracker.presence.PresenceWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Queues viewer-driven refreshes of stale pairs and of fresh ones due ahead of their deadline,
 * deduplicated by the hot queue's key: a pair already queued keeps its job and has its priority
 * raised when it has more viewers now (and its deadline brought forward).
 */
@ApplicationScoped
public class RefreshRequests {

    private final Pool pool;
    private final JobEnqueuer enqueuer;
    private final PresenceWriter presence;
    private final FairShare fairShare;
    private final SymbolGate gate;
    private final FreshnessService freshness;
    private final Clock clock;
    private final Counter queued;
    private final Counter blockedPairs;

    public RefreshRequests(Pool pool, JobEnqueuer enqueuer, PresenceWriter presence, FairShare fairShare, SymbolGate gate,
                           FreshnessService freshness, Clock clock, MeterRegistry meters) {
        this.freshness = freshness;
        this.pool = pool;
        this.fairShare = fairShare;
        this.enqueuer = enqueuer;
        this.presence = presence;
        this.gate = gate;
        this.clock = clock;
        this.queued = Counter.builder("freshet_tracker_jobs_enqueued_total")
                .description("Refresh jobs queued by viewers (not counting priority raises)").register(meters);
        this.blockedPairs = Counter.builder("freshet_tracker_unknown_symbols_total")
                .description("Due pairs not queued: symbol outside the provider's universe or remembered as not found")
                .register(meters);
    }

    /**
     * Enqueues (or raises) the refresh of symbols of one data type that are stale or due ahead of their
     * deadline, except symbols the provider does not know (the shared {@link SymbolGate}: outside its
     * loaded universe, or remembered as not found), which queue nothing and are not counted against the
     * caller's fair share; answers each symbol's refresh status. Each job carries its pair's deadline. A
     * pair without a job is a new provider call caused by the caller: beyond the caller's fair share it is
     * answered {@code deferred} and not queued (raising a queued job costs no call and is always done).
     */
    public Uni<Map<String, RefreshStatus>> enqueueDue(DataType dt, List<PairFreshness> due, Caller caller) {
        List<String> asked = due.stream().map(PairFreshness::symbol).toList();
        return gate.blocked(pool, dt, asked).flatMap(blocked -> {
            blockedPairs.increment(blocked.size());
            List<PairFreshness> known = blocked.isEmpty() ? due
                    : due.stream().filter(f -> !blocked.containsKey(f.symbol())).toList();
            Uni<Map<String, RefreshStatus>> queuedNow = known.isEmpty() ? Uni.createFrom().item(Map.of())
                    : enqueueKnown(dt, known, caller);
            return queuedNow.map(statuses -> {
                if (blocked.isEmpty()) {
                    return statuses;
                }
                Map<String, RefreshStatus> out = new LinkedHashMap<>(statuses);
                blocked.forEach((symbol, block) -> out.put(symbol, RefreshStatus.blocked(block)));
                return out;
            });
        });
    }

    private Uni<Map<String, RefreshStatus>> enqueueKnown(DataType dt, List<PairFreshness> due, Caller caller) {
        Map<String, Instant> deadlines = new HashMap<>();
        Map<String, Instant> seen = new HashMap<>();
        due.forEach(f -> {
            deadlines.put(f.symbol(), f.deadline(dt));
            seen.put(f.symbol(), f.updatedAt());
        });
        List<String> symbols = due.stream().map(PairFreshness::symbol).toList();
        if (fairShare.spent(caller, dt.provider())) {
            // over its share: nothing is queued or raised, and no statement is spent on finding out which jobs exist
            Map<String, RefreshStatus> out = new LinkedHashMap<>();
            symbols.forEach(s -> out.put(s, RefreshStatus.DEFERRED));
            return Uni.createFrom().item(out);
        }
        // sorted and distinct: concurrent enqueues (other requests, the checker's presence scan) then
        // lock the queue's rows in the same order and cannot deadlock one another
        String[] sorted = symbols.stream().distinct().sorted().toArray(String[]::new);
        Tuple params = Tuple.of(dt.dataType(), sorted, presence.liveSince(clock.instant()), caller.clientId());
        return pool.preparedQuery(RefreshSql.VIEWERS_AND_JOBS).execute(params).flatMap(rows -> {
            Map<String, String> jobStatus = new LinkedHashMap<>();
            List<EnqueueCandidate> raised = new ArrayList<>();
            List<EnqueueCandidate> fresh = new ArrayList<>();
            Set<String> refreshedMeanwhile = new HashSet<>();
            for (Row r : rows) {
                String symbol = r.getString("symbol");
                int viewers = r.getInteger("viewers");
                String status = r.getString("job_status");
                jobStatus.put(symbol, status);
                // read before a refresh committed and queued after it: a hot pair's viewers (hundreds a minute) queued
                // it again within a second of every refresh, a call of its own spent on data just written
                if (status == null && freshness.refreshedSince(dt, symbol, seen.get(symbol))) {
                    refreshedMeanwhile.add(symbol);
                    continue;
                }
                (status == null ? fresh : raised).add(
                        new EnqueueCandidate(symbol, viewers, Priorities.viewer(dt, viewers), deadlines.get(symbol)));
            }
            return fairShare.grant(caller, dt.provider(), fresh.size()).flatMap(granted -> {
                List<EnqueueCandidate> candidates = new ArrayList<>(raised);
                fresh.sort(Comparator.comparing(EnqueueCandidate::symbol));
                candidates.addAll(fresh.subList(0, granted));
                Set<String> deferred = new HashSet<>();
                fresh.subList(granted, fresh.size()).forEach(c -> deferred.add(c.symbol()));
                candidates.sort(Comparator.comparing(EnqueueCandidate::symbol));
                Uni<Set<String>> inserted = candidates.isEmpty() ? Uni.createFrom().item(Set.of())
                        : enqueuer.enqueue(pool, dt, JobOrigin.VIEWER, candidates).map(result -> {
                            queued.increment(result.insertedCount());
                            return Set.copyOf(result.inserted());
                        });
                return inserted.map(ins -> {
                    Map<String, RefreshStatus> out = new LinkedHashMap<>();
                    for (String s : symbols) {
                        String before = jobStatus.get(s);
                        out.put(s, deferred.contains(s) ? RefreshStatus.DEFERRED
                                : refreshedMeanwhile.contains(s) ? RefreshStatus.NONE
                                : "processing".equals(before) ? new RefreshStatus("running", false)
                                : new RefreshStatus("queued", ins.contains(s)));
                    }
                    return out;
                });
            });
        });
    }

    /** Lowers pending viewer jobs to the viewers still present: for some pairs, or all when pairs is null. */
    public Uni<Integer> decay(List<Pair> pairs) {
        String[] types = pairs == null ? null : pairs.stream().map(Pair::dataType).toArray(String[]::new);
        String[] symbols = pairs == null ? null : pairs.stream().map(Pair::symbol).toArray(String[]::new);
        Tuple params = Tuple.tuple(new ArrayList<>(List.of(presence.liveSince(clock.instant()),
                Priorities.VIEWER_BASE, Priorities.MAX_VIEWER_BOOST)));
        params.addArrayOfString(types).addArrayOfString(symbols);
        return pool.preparedQuery(JobSql.DECAY_VIEWER_PRIORITIES).execute(params).map(rows -> rows.rowCount());
    }
}
