package dev.freshet.tracker.subscription;

import dev.freshet.shared.aggregation.SourceChain;
import dev.freshet.shared.flags.FeatureFlags;
import dev.freshet.shared.flags.Flags;
import dev.freshet.shared.problem.ProblemException;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.Registry;
import dev.freshet.shared.staleness.PairFreshness;
import dev.freshet.tracker.config.TrackerConfig;
import dev.freshet.tracker.fairshare.FairShare;
import dev.freshet.tracker.freshness.FreshnessService;
import dev.freshet.tracker.guard.Caller;
import dev.freshet.tracker.freshness.PairStatus;
import dev.freshet.tracker.presence.Pair;
import dev.freshet.tracker.presence.PresenceWriter;
import dev.freshet.tracker.refresh.RefreshRequests;
import dev.freshet.tracker.refresh.RefreshStatus;
import dev.freshet.tracker.request.RequestRules;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;

/**
 * Join / heartbeat / leave. A visit records presence and checks freshness at the same time (each
 * coalesced with other clients' requests), then queues refreshes of what is stale.
 */
@ApplicationScoped
public class SubscriptionService {

    private static final Logger LOG = Logger.getLogger(SubscriptionService.class);
    static final String TRACKING_OFF = "presence tracking is off for %s: state only, nothing recorded or queued";

    private final PresenceWriter presence;
    private final FreshnessService freshness;
    private final RefreshRequests refreshes;
    private final FairShare fairShare;
    private final FeatureFlags flags;
    private final Registry registry;
    private final RequestRules rules;
    private final Clock clock;
    private final TrackerConfig config;
    private final Counter visits;

    public SubscriptionService(PresenceWriter presence, FreshnessService freshness, RefreshRequests refreshes, FairShare fairShare,
                               FeatureFlags flags, Registry registry, RequestRules rules, Clock clock, TrackerConfig config,
                               MeterRegistry meters) {
        this.rules = rules;
        this.presence = presence;
        this.fairShare = fairShare;
        this.freshness = freshness;
        this.refreshes = refreshes;
        this.flags = flags;
        this.registry = registry;
        this.clock = clock;
        this.config = config;
        this.visits = Counter.builder("freshet_tracker_subscription_requests_total")
                .description("Join/heartbeat requests answered").register(meters);
    }

    public Uni<SubscriptionResponse> subscribe(Caller caller, List<DataType> types, List<String> symbols) {
        String clientId = caller.clientId();
        Map<String, DataType> byName = new LinkedHashMap<>();
        types.forEach(t -> byName.put(t.dataType(), t));
        List<Pair> pairs = Pair.of(types, symbols);
        // an off or paused data type is answered disabled: nothing recorded or queued for it, the rest served
        Set<String> disabled = new HashSet<>();
        types.stream().filter(rules::disabled).forEach(t -> disabled.add(t.dataType()));
        List<Pair> tracked = pairs.stream().filter(p -> !disabled.contains(p.dataType())
                && flags.enabled(Flags.USE_PRESENCE_TRACKING, p.dataType())).toList();
        Map<Pair, Pair> sourceOf = sources(tracked, byName);
        List<Pair> viewed = withSources(tracked, sourceOf);
        Instant now = clock.instant();
        visits.increment();

        // a caller known to have used its share with every provider of the visit records nothing: its due
        // pairs would be deferred anyway, so no statement is spent on admitting or recording it
        boolean spent = !viewed.isEmpty() && viewed.stream().map(p -> byName.get(p.dataType()).provider()).distinct()
                .allMatch(provider -> fairShare.spent(caller, provider));
        Uni<PresenceWriter.Outcome> admitted = viewed.isEmpty() || spent
                ? Uni.createFrom().item(new PresenceWriter.Outcome(true, 0))
                : presence.admit(clientId, viewed);
        // a derived pair answers no fresher than its source; the sources' own states decide their fetch
        Uni<Map<Pair, PairFreshness>> states = freshness.checkThroughChains(withSources(pairs, sourceOf), byName);

        return Uni.combine().all().unis(admitted, states).asTuple().flatMap(t -> {
            requireWithinCap(clientId, t.getItem1());
            Map<Pair, PairFreshness> fresh = t.getItem2();
            // stale pairs and, ahead of their deadline, fresh ones old enough to be refreshed now; of
            // derived bars, only their source's fetch (the aggregation follows it)
            List<Pair> due = viewed.stream().filter(p -> byName.get(p.dataType()).acceptsViewers()
                    && fresh.get(p).dueForRefresh(byName.get(p.dataType()), now)).toList();
            return queue(due, byName, fresh, caller).flatMap(refresh -> {
                Set<Pair> unrecorded = spent ? new LinkedHashSet<>(viewed) : deferred(viewed, refresh, sourceOf);
                List<Pair> recorded = viewed.stream().filter(p -> !unrecorded.contains(p)).toList();
                Uni<PresenceWriter.Outcome> written = recorded.isEmpty()
                        ? Uni.createFrom().item(new PresenceWriter.Outcome(true, 0))
                        : presence.record(clientId, recorded);
                return written.map(outcome -> {
                    requireWithinCap(clientId, outcome);
                    return answer(clientId, now, pairs, tracked, disabled, unrecorded, fresh, refresh, sourceOf);
                });
            });
        });
    }

    /** Answers 429 to a visit that would take its client over the subscription cap. */
    private void requireWithinCap(String clientId, PresenceWriter.Outcome outcome) {
        if (!outcome.accepted()) {
            throw ProblemException.tooManyRequests("client " + clientId + " would hold " + outcome.total()
                    + " live subscriptions, more than the cap of " + config.limits().maxSubscriptionsPerClient()
                    + "; unsubscribe some or let them lapse", config.presenceTtl());
        }
    }

    public Uni<HeartbeatResponse> heartbeat(String clientId) {
        if (!flags.enabled(Flags.USE_PRESENCE_TRACKING)) {
            return Uni.createFrom().item(new HeartbeatResponse(clientId, 0, null,
                    "presence tracking is off: nothing recorded"));
        }
        return presence.renewAll(clientId).map(r -> new HeartbeatResponse(clientId, r.renewed(),
                r.renewed() > 0 ? presence.expiresAt(r.seenAt()) : null,
                r.renewed() > 0 ? null : "no live subscriptions to renew; subscribe again"));
    }

    public Uni<UnsubscribeResponse> unsubscribe(String clientId, String symbol) {
        return presence.remove(clientId, symbol).flatMap(removed -> {
            Uni<Integer> decayed = removed.isEmpty() ? Uni.createFrom().item(0) : refreshes.decay(removed)
                    .onFailure().invoke(e -> LOG.warnf("priority decay after unsubscribe failed: %s", e.getMessage()))
                    .onFailure().recoverWithItem(0);
            return decayed.map(x -> new UnsubscribeResponse(clientId, symbol, removed.size()));
        });
    }

    /**
     * For each tracked pair of derived bars whose source chain may be viewed, the pair of the chain's
     * root: looking at the 1-hour chart of a symbol looks at its 1-minute bars, so their presence is
     * recorded (and renewed by heartbeats) and their fetch queued as for a direct view. Adds the roots
     * to {@code byName}.
     */
    private Map<Pair, Pair> sources(List<Pair> tracked, Map<String, DataType> byName) {
        Map<Pair, Pair> out = new LinkedHashMap<>();
        for (Pair p : tracked) {
            SourceChain.of(byName.get(p.dataType()), registry.all())
                    .filter(SourceChain::viewable)
                    .filter(c -> flags.enabled(Flags.USE_PRESENCE_TRACKING, c.root().dataType()))
                    .ifPresent(c -> {
                        byName.putIfAbsent(c.root().dataType(), c.root());
                        out.put(p, new Pair(c.root().dataType(), p.symbol()));
                    });
        }
        return out;
    }

    private static List<Pair> withSources(List<Pair> pairs, Map<Pair, Pair> sourceOf) {
        LinkedHashSet<Pair> out = new LinkedHashSet<>(pairs);
        pairs.forEach(p -> {
            Pair source = sourceOf.get(p);
            if (source != null) {
                out.add(source);
            }
        });
        return List.copyOf(out);
    }

    private Uni<Map<Pair, RefreshStatus>> queue(List<Pair> due, Map<String, DataType> byName, Map<Pair, PairFreshness> fresh,
                                                Caller caller) {
        return Pair.perDataType(due, (type, symbols) -> refreshes.enqueueDue(byName.get(type),
                symbols.stream().map(s -> fresh.get(new Pair(type, s))).toList(), caller));
    }

    /**
     * The deferred pairs (and derived pairs whose source is deferred): they are not recorded as viewed,
     * as the checker's presence scan would queue them and the fair share would count for nothing. Their
     * presence is never written, so no scan can see it even for a moment. The client subscribes again later.
     */
    private static Set<Pair> deferred(List<Pair> viewed, Map<Pair, RefreshStatus> refresh, Map<Pair, Pair> sourceOf) {
        Set<Pair> out = new LinkedHashSet<>();
        for (Pair p : viewed) {
            RefreshStatus r = refresh.get(sourceOf.getOrDefault(p, p));
            if (r != null && r.deferred()) {
                out.add(p);
            }
        }
        return out;
    }

    private SubscriptionResponse answer(String clientId, Instant now, List<Pair> pairs, List<Pair> tracked,
                                        Set<String> disabled, Set<Pair> unrecorded,
                                        Map<Pair, PairFreshness> fresh, Map<Pair, RefreshStatus> refresh,
                                        Map<Pair, Pair> sourceOf) {
        List<PairStatus> out = new ArrayList<>(pairs.size());
        LinkedHashSet<String> untracked = new LinkedHashSet<>();
        Set<Pair> trackedSet = new HashSet<>(tracked);
        for (Pair p : pairs) {
            PairFreshness f = fresh.get(p);
            boolean isTracked = trackedSet.contains(p);
            boolean isDisabled = disabled.contains(p.dataType());
            if (!isTracked && !isDisabled) {
                untracked.add(p.dataType());
            }
            // a derived pair's refresh is its source's fetch; the aggregation follows it
            RefreshStatus r = isTracked ? refresh.getOrDefault(sourceOf.getOrDefault(p, p), RefreshStatus.NONE) : null;
            if (r != null && r.blocked() != null) {
                // the provider does not know the symbol: nothing was queued, and none will come
                out.add(new PairStatus(p.dataType(), p.symbol(), PairStatus.UNKNOWN, f.updatedAt(), true, r.refresh(), false,
                        r.blocked().notFoundUntil()));
                continue;
            }
            out.add(new PairStatus(p.dataType(), p.symbol(), PairStatus.state(isDisabled, f), f.updatedAt(), isTracked && !unrecorded.contains(p),
                    r == null ? null : r.refresh(), r != null && r.queuedNow()));
        }
        boolean all = untracked.isEmpty();
        return new SubscriptionResponse(clientId, all,
                all ? null : String.format(TRACKING_OFF, String.join(", ", untracked)),
                tracked.isEmpty() ? null : presence.expiresAt(now), out);
    }
}
