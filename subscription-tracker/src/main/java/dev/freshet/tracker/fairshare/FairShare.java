package dev.freshet.tracker.fairshare;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.freshet.tracker.config.TrackerConfig;
import dev.freshet.tracker.guard.Caller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * The fair share of on-demand provider calls: each new viewer job is a call caused by the caller of
 * the visit that queued it. A caller may cause at most {@code fair-share.calls-per-client-per-minute},
 * and unauthenticated callers together at most {@code fair-share.unauthenticated-share} of each
 * provider's on-demand budget a minute. The counts live in the database ({@code on_demand_calls},
 * minutes of its clock), so the limits hold across replicas; a scope found spent is remembered here
 * until its minute ends, so a caller over its share costs no statement.
 */
@ApplicationScoped
public class FairShare {

    private static final Logger LOG = Logger.getLogger(FairShare.class);
    private static final long PURGE_EVERY_MS = Duration.ofMinutes(5).toMillis();

    private final Pool pool;
    private final Vertx vertx;
    private final int perCaller;
    private final double unauthenticatedShare;
    /** Scopes with nothing left, to the System.nanoTime at which their minute ends. */
    private final Cache<String, Long> spent;
    private final Counter granted;
    private final Counter deferred;
    private long purgeTimer = -1;

    @Inject
    public FairShare(Pool pool, Vertx vertx, TrackerConfig config, MeterRegistry meters) {
        this(pool, vertx, config.fairShare().callsPerClientPerMinute(), config.fairShare().unauthenticatedShare(),
                config.rateLimit().maxClients(), meters);
    }

    /** One tracker instance's fair share (tests build several over one database). */
    FairShare(Pool pool, Vertx vertx, int perCaller, double unauthenticatedShare, long maxRemembered, MeterRegistry meters) {
        this.pool = pool;
        this.vertx = vertx;
        this.perCaller = perCaller;
        this.unauthenticatedShare = unauthenticatedShare;
        this.spent = Caffeine.newBuilder().maximumSize(Math.max(1, maxRemembered))
                .expireAfterWrite(Duration.ofMinutes(1)).build();
        this.granted = Counter.builder("freshet_tracker_fair_share_granted_total")
                .description("New viewer jobs (provider calls) granted by the fair share").register(meters);
        this.deferred = Counter.builder("freshet_tracker_fair_share_deferred_total")
                .description("Pairs answered refresh: deferred because their caller (or all unauthenticated callers) used their share").register(meters);
    }

    void onStart(@Observes StartupEvent event) {
        if (enabled()) {
            purgeTimer = vertx.setPeriodic(PURGE_EVERY_MS, id -> pool.query(FairShareSql.PURGE).execute().subscribe().with(
                    rows -> { }, e -> LOG.warnf("on_demand_calls purge failed: %s", e.getMessage())));
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (purgeTimer >= 0) {
            vertx.cancelTimer(purgeTimer);
        }
    }

    public boolean enabled() {
        return perCaller > 0;
    }

    /** The scope of all unauthenticated callers of a provider. */
    static String poolScope(String provider) {
        return "anonymous:" + provider;
    }

    /**
     * Whether this instance already knows the caller (or, unauthenticated, all of them) has caused its
     * share of calls to the provider this minute: then every due pair is deferred without a statement.
     */
    public boolean spent(Caller caller, String provider) {
        return enabled() && (isSpent(caller.key()) || !caller.authenticated() && isSpent(poolScope(provider)));
    }

    /**
     * How many of {@code wanted} new calls to the provider the caller may cause now (counted when
     * granted); the rest are deferred.
     */
    public Uni<Integer> grant(Caller caller, String provider, int wanted) {
        if (wanted <= 0 || !enabled()) {
            return Uni.createFrom().item(Math.max(0, wanted));
        }
        String callerScope = caller.key();
        String poolScope = caller.authenticated() ? null : poolScope(provider);
        if (spent(caller, provider)) {
            deferred.increment(wanted);
            return Uni.createFrom().item(0);
        }
        String[] scopes = poolScope == null ? new String[]{callerScope}
                : Arrays.stream(new String[]{callerScope, poolScope}).sorted().toArray(String[]::new);
        Tuple charge = Tuple.tuple(new ArrayList<>(Arrays.asList(callerScope, poolScope, wanted, provider, perCaller, unauthenticatedShare)));
        return pool.withTransaction(conn -> conn.preparedQuery(FairShareSql.LOCK_SCOPES).execute(Tuple.of(scopes))
                        .flatMap(locked -> conn.preparedQuery(FairShareSql.CHARGE).execute(charge)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    int n = r.getInteger("granted");
                    long minuteEnds = System.nanoTime() + (long) (r.getDouble("seconds_left") * 1e9);
                    if (r.getInteger("caller_left") <= 0) {
                        spent.put(callerScope, minuteEnds);
                    }
                    Integer poolLeft = r.getInteger("pool_left");
                    if (poolScope != null && poolLeft != null && poolLeft <= 0) {
                        spent.put(poolScope, minuteEnds);
                    }
                    granted.increment(n);
                    deferred.increment(wanted - n);
                    return n;
                });
    }

    private boolean isSpent(String scope) {
        Long until = spent.getIfPresent(scope);
        if (until == null) {
            return false;
        }
        if (System.nanoTime() - until >= 0) {
            spent.invalidate(scope);
            return false;
        }
        return true;
    }
}
