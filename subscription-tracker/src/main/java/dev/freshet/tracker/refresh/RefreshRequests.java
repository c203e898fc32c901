package dev.freshet.tracker.refresh;

import dev.freshet.shared.queue.EnqueueCandidate;
import dev.freshet.shared.queue.JobEnqueuer;
import dev.freshet.shared.queue.JobOrigin;
import dev.freshet.shared.queue.JobSql;
import dev.freshet.shared.queue.Priorities;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.staleness.PairFreshness;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    private final SymbolGate gate;
    private final Clock clock;
    private final Counter queued;
    private final Counter blockedPairs;

    public RefreshRequests(Pool pool, JobEnqueuer enqueuer, PresenceWriter presence, SymbolGate gate, Clock clock,
                           MeterRegistry meters) {
        this.pool = pool;
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
     * loaded universe, or remembered as not found), which queue nothing; answers each symbol's
     * refresh status. Each job carries its pair's deadline.
     */
    public Uni<Map<String, RefreshStatus>> enqueueDue(DataType dt, List<PairFreshness> due) {
        List<String> asked = due.stream().map(PairFreshness::symbol).toList();
        return gate.blocked(pool, dt, asked).flatMap(blocked -> {
            blockedPairs.increment(blocked.size());
            List<PairFreshness> known = blocked.isEmpty() ? due
                    : due.stream().filter(f -> !blocked.containsKey(f.symbol())).toList();
            Uni<Map<String, RefreshStatus>> queuedNow = known.isEmpty() ? Uni.createFrom().item(Map.of()) : enqueueKnown(dt, known);
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

    private Uni<Map<String, RefreshStatus>> enqueueKnown(DataType dt, List<PairFreshness> due) {
        Map<String, Instant> deadlines = new HashMap<>();
        due.forEach(f -> deadlines.put(f.symbol(), f.deadline(dt)));
        List<String> symbols = due.stream().map(PairFreshness::symbol).toList();
        // sorted and distinct: concurrent enqueues (other requests, the checker's presence scan) then
        // lock the queue's rows in the same order and cannot deadlock one another
        String[] sorted = symbols.stream().distinct().sorted().toArray(String[]::new);
        Tuple params = Tuple.of(dt.dataType(), sorted, presence.liveSince(clock.instant()));
        return pool.preparedQuery(RefreshSql.VIEWERS_AND_JOBS).execute(params).flatMap(rows -> {
            Map<String, String> jobStatus = new LinkedHashMap<>();
            List<EnqueueCandidate> candidates = new ArrayList<>();
            for (Row r : rows) {
                String symbol = r.getString("symbol");
                int viewers = Math.max(1, r.getInteger("viewers"));
                jobStatus.put(symbol, r.getString("job_status"));
                candidates.add(new EnqueueCandidate(symbol, viewers, Priorities.viewer(dt, viewers), deadlines.get(symbol)));
            }
            candidates.sort(Comparator.comparing(EnqueueCandidate::symbol));
            return enqueuer.enqueue(pool, dt, JobOrigin.VIEWER, candidates).map(result -> {
                queued.increment(result.insertedCount());
                Map<String, RefreshStatus> out = new LinkedHashMap<>();
                for (String s : symbols) {
                    String before = jobStatus.get(s);
                    boolean inserted = result.inserted().contains(s);
                    out.put(s, "processing".equals(before) ? new RefreshStatus("running", false)
                            : new RefreshStatus("queued", inserted));
                }
                return out;
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
