package dev.freshet.tracker.freshness;

import dev.freshet.shared.aggregation.SourceChain;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.Registry;
import dev.freshet.shared.staleness.FreshnessState;
import dev.freshet.shared.staleness.PairFreshness;
import dev.freshet.shared.staleness.StalenessCheck;
import dev.freshet.tracker.config.TrackerConfig;
import dev.freshet.tracker.presence.Pair;
import dev.freshet.tracker.support.Coalescer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fresh / stale / missing for the pairs of a request. Symbols asked for the same data type within
 * the coalescing window share one set-based staleness statement (the shared {@link StalenessCheck},
 * which fails safe to stale). A fresh answer is remembered until its TTL ends: cached data only ever
 * gets newer, so a pair seen fresh stays fresh at least that long and needs no query meanwhile.
 */
@ApplicationScoped
public class FreshnessService {

    private record Ask(DataType dataType, List<String> symbols) {
    }

    private final StalenessCheck check;
    private final Registry registry;
    private final Clock clock;
    private final TrackerConfig config;
    private final Vertx vertx;
    private final Map<String, Coalescer<Ask, Map<String, PairFreshness>>> byType = new ConcurrentHashMap<>();
    private final Map<String, Instant> freshUpdatedAt = new ConcurrentHashMap<>();
    private final Counter cacheHits;
    private final Counter queries;

    public FreshnessService(StalenessCheck check, Registry registry, Clock clock, TrackerConfig config, Vertx vertx,
                            MeterRegistry meters) {
        this.check = check;
        this.registry = registry;
        this.clock = clock;
        this.config = config;
        this.vertx = vertx;
        this.cacheHits = Counter.builder("freshet_tracker_fresh_cache_hits_total")
                .description("Pairs answered fresh from memory without a staleness query").register(meters);
        this.queries = Counter.builder("freshet_tracker_staleness_queries_total")
                .description("Set-based staleness statements run").register(meters);
    }

    /** Freshness of every pair: one (coalesced) statement per data type. */
    public Uni<Map<Pair, PairFreshness>> check(List<Pair> pairs, Map<String, DataType> byName) {
        return Pair.perDataType(pairs, (type, symbols) -> check(byName.get(type), symbols));
    }

    /**
     * Freshness of every pair as a viewer should see it: a derived pair (bars aggregated in the
     * database) is no fresher than the 1-minute bars of its symbol that its chain is built from, so
     * a chart whose source is missing or stale says so. Adds the chains' roots to {@code byName}.
     */
    public Uni<Map<Pair, PairFreshness>> checkThroughChains(List<Pair> pairs, Map<String, DataType> byName) {
        Map<Pair, Pair> sourceOf = new LinkedHashMap<>();
        for (Pair p : pairs) {
            SourceChain.of(byName.get(p.dataType()), registry.all()).ifPresent(c -> {
                byName.putIfAbsent(c.root().dataType(), c.root());
                sourceOf.put(p, new Pair(c.root().dataType(), p.symbol()));
            });
        }
        LinkedHashSet<Pair> all = new LinkedHashSet<>(pairs);
        all.addAll(sourceOf.values());
        return check(List.copyOf(all), byName).map(found -> {
            Map<Pair, PairFreshness> out = new LinkedHashMap<>(found);
            sourceOf.forEach((p, source) -> out.put(p, found.get(p).heldBy(found.get(source))));
            return out;
        });
    }

    /** Freshness of each symbol of one data type, in the order given. */
    public Uni<Map<String, PairFreshness>> check(DataType dt, List<String> symbols) {
        Instant freshSince = clock.instant().minus(dt.ttl());
        Map<String, PairFreshness> known = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String s : symbols) {
            Instant u = freshUpdatedAt.get(key(dt.dataType(), s));
            if (u != null && u.isAfter(freshSince)) {
                known.put(s, new PairFreshness(s, FreshnessState.FRESH, u, false));
                cacheHits.increment();
            } else {
                unknown.add(s);
            }
        }
        if (unknown.isEmpty()) {
            return Uni.createFrom().item(known);
        }
        return coalescer(dt.dataType()).submit(new Ask(dt, unknown)).map(found -> {
            Map<String, PairFreshness> out = new LinkedHashMap<>();
            for (String s : symbols) {
                PairFreshness f = known.containsKey(s) ? known.get(s) : found.get(s);
                out.put(s, f);
                if (f.state() == FreshnessState.FRESH && f.updatedAt() != null) {
                    remember(dt.dataType(), s, f.updatedAt());
                }
            }
            return out;
        });
    }

    /**
     * A refresh of the pair committed after {@code seen} (its newest row when the caller read it; null: it had none) and
     * its data is not due again yet: the caller's read is out of date and a refresh queued on it would be spent on data
     * just written. From the processor's notifications, so it knows only what this instance was told.
     */
    public boolean refreshedSince(DataType dt, String symbol, Instant seen) {
        Instant u = freshUpdatedAt.get(key(dt.dataType(), symbol));
        return u != null && (seen == null || u.isAfter(seen)) && u.isAfter(clock.instant().minus(dt.refreshAheadAge()));
    }

    /** A refresh committed (the processor's notification): the pair is fresh from that time on. */
    public void refreshed(String dataType, String symbol, Instant updatedAt) {
        remember(dataType, symbol, updatedAt);
    }

    private void remember(String dataType, String symbol, Instant updatedAt) {
        int max = config.freshCacheMaxEntries();
        if (max <= 0) {
            return;
        }
        if (freshUpdatedAt.size() >= max) {
            // crude but bounded: entries are cheap to rebuild, one query per pair
            freshUpdatedAt.clear();
        }
        freshUpdatedAt.merge(key(dataType, symbol), updatedAt, (a, b) -> a.isAfter(b) ? a : b);
    }

    private Coalescer<Ask, Map<String, PairFreshness>> coalescer(String dataType) {
        return byType.computeIfAbsent(dataType, t -> new Coalescer<>(vertx, config.coalesceWindow(),
                config.coalesceMaxBatch(), this::checkBatch));
    }

    private Uni<List<Map<String, PairFreshness>>> checkBatch(List<Ask> asks) {
        // the newest registry row of the batch decides (a reload may land mid-window)
        DataType dt = asks.get(asks.size() - 1).dataType();
        LinkedHashSet<String> all = new LinkedHashSet<>();
        asks.forEach(a -> all.addAll(a.symbols()));
        queries.increment();
        return check.check(dt, List.copyOf(all)).map(found -> asks.stream().map(a -> found).toList());
    }

    private static String key(String dataType, String symbol) {
        return dataType + '\u0000' + symbol;
    }
}
