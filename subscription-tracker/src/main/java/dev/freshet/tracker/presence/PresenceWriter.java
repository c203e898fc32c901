package dev.freshet.tracker.presence;

import dev.freshet.tracker.config.TrackerConfig;
import dev.freshet.tracker.support.Coalescer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes presence. Visits and heartbeats of many clients arriving within the coalescing window
 * become one statement each, which is what lets heavy heartbeat traffic stay cheap. A client's
 * heartbeats write at most once per {@code heartbeat-write-interval}: the ones in between are
 * answered from what this instance wrote last (a heartbeat then costs no statement at all). Since
 * that interval is at most half the presence TTL, a client heartbeating more often than the TTL
 * never lapses; one that stops lapses between TTL minus the interval and TTL after its last heartbeat.
 */
@ApplicationScoped
public class PresenceWriter {

    /** The outcome of one client's visit: whether it was recorded, and how many live subscriptions it holds. */
    public record Outcome(boolean accepted, int total) {
    }

    /** A renewal of all of a client's live subscriptions: when it was written and how many it renewed. */
    public record Renewal(Instant seenAt, int renewed) {
    }

    private record Visit(String clientId, List<Pair> pairs) {
    }

    /** Bounds the memory of recent renewals; past it, heartbeats of clients not remembered simply write. */
    static final int MAX_REMEMBERED = 200_000;

    private final Pool pool;
    private final Clock clock;
    private final TrackerConfig config;
    private final Coalescer<Visit, Outcome> admissions;
    private final Coalescer<Visit, Outcome> visits;
    private final Coalescer<String, Renewal> renewals;
    private final Map<String, Renewal> recent = new ConcurrentHashMap<>();
    private final Duration writeInterval;
    private final Counter flushes;
    private final Counter answeredFromMemory;
    private final DistributionSummary batchSize;

    public PresenceWriter(Pool pool, Clock clock, TrackerConfig config, Vertx vertx, MeterRegistry meters) {
        this.pool = pool;
        this.clock = clock;
        this.config = config;
        this.admissions = new Coalescer<>(vertx, config.coalesceWindow(), config.coalesceMaxBatch(),
                batch -> perVisit(PresenceSql.WITHIN_CAP, batch, clock.instant(), List.of()));
        this.visits = new Coalescer<>(vertx, config.coalesceWindow(), config.coalesceMaxBatch(), this::upsert);
        this.renewals = new Coalescer<>(vertx, config.coalesceWindow(), config.coalesceMaxBatch(), this::renew);
        Duration half = config.presenceTtl().dividedBy(2);
        this.writeInterval = config.heartbeatWriteInterval().compareTo(half) > 0 ? half : config.heartbeatWriteInterval();
        if (writeInterval.isPositive()) {
            vertx.setPeriodic(Math.max(1000, writeInterval.toMillis()), t -> forgetOlderThan(clock.instant().minus(writeInterval)));
        }
        this.answeredFromMemory = Counter.builder("freshet_presence_heartbeats_unwritten_total")
                .description("Heartbeats answered without a write: the client's presence was written less than "
                        + "heartbeat-write-interval ago").register(meters);
        this.flushes = Counter.builder("freshet_presence_flushes_total")
                .description("Presence statements run (each covers every request of one coalescing window)")
                .register(meters);
        this.batchSize = DistributionSummary.builder("freshet_presence_batch_requests")
                .description("Requests covered by one presence statement").register(meters);
    }

    /**
     * Whether the client may view these pairs (they would not take it over its subscription cap);
     * writes nothing. A visit asks this before it queues anything and records its presence afterwards.
     */
    public Uni<Outcome> admit(String clientId, List<Pair> pairs) {
        return admissions.submit(new Visit(clientId, pairs));
    }

    /** Records that the client views these pairs now, unless that would take it over its subscription cap. */
    public Uni<Outcome> record(String clientId, List<Pair> pairs) {
        // its set of subscriptions changes: the next heartbeat writes (and counts) again
        recent.remove(clientId);
        return visits.submit(new Visit(clientId, pairs));
    }

    /**
     * Renews all live subscriptions of the client; answers how many and as of when. Within
     * {@code heartbeat-write-interval} of this instance's last renewal of the client, answers that
     * renewal without writing.
     */
    public Uni<Renewal> renewAll(String clientId) {
        Instant now = clock.instant();
        Renewal last = recent.get(clientId);
        if (last != null && now.isBefore(last.seenAt().plus(writeInterval)) && !now.isBefore(last.seenAt())) {
            answeredFromMemory.increment();
            return Uni.createFrom().item(last);
        }
        return renewals.submit(clientId).invoke(r -> remember(clientId, r));
    }

    private void remember(String clientId, Renewal r) {
        // nothing renewed is not remembered: a subscription made through another instance must count at once
        if (writeInterval.isPositive() && r.renewed() > 0 && recent.size() < MAX_REMEMBERED) {
            recent.merge(clientId, r, (a, b) -> a.seenAt().isAfter(b.seenAt()) ? a : b);
        }
    }

    private void forgetOlderThan(Instant cutoff) {
        recent.values().removeIf(r -> !r.seenAt().isAfter(cutoff));
    }

    /** Ends the client's subscriptions (one symbol, or all when symbol is null); answers the live ones removed. */
    public Uni<List<Pair>> remove(String clientId, String symbol) {
        recent.remove(clientId);
        return pool.preparedQuery(PresenceSql.REMOVE).execute(Tuple.of(clientId, symbol, liveSince(clock.instant())))
                .map(rows -> {
                    List<Pair> removed = new ArrayList<>();
                    for (Row r : rows) {
                        if (r.getBoolean("live")) {
                            removed.add(new Pair(r.getString("data_type"), r.getString("symbol")));
                        }
                    }
                    return removed;
                });
    }

    /** Subscriptions seen after this instant are live. */
    public OffsetDateTime liveSince(Instant now) {
        return OffsetDateTime.ofInstant(now.minus(config.presenceTtl()), ZoneOffset.UTC);
    }

    public Instant expiresAt(Instant seenAt) {
        return seenAt.plus(config.presenceTtl());
    }

    private Uni<List<Outcome>> upsert(List<Visit> batch) {
        flushes.increment();
        batchSize.record(batch.size());
        Instant now = clock.instant();
        return perVisit(PresenceSql.UPSERT_WITHIN_CAP, batch, now, List.of(OffsetDateTime.ofInstant(now, ZoneOffset.UTC)));
    }

    /**
     * Runs a statement over many clients' visits ($1-$3 the visits' pairs, $4 live since {@code now},
     * $5 the cap, then {@code more}) and answers each visit its client's outcome.
     */
    private Uni<List<Outcome>> perVisit(String statement, List<Visit> batch, Instant now, List<Object> more) {
        List<String> clients = new ArrayList<>();
        List<String> symbols = new ArrayList<>();
        List<String> dataTypes = new ArrayList<>();
        for (Visit v : batch) {
            for (Pair p : v.pairs()) {
                clients.add(v.clientId());
                symbols.add(p.symbol());
                dataTypes.add(p.dataType());
            }
        }
        List<Object> params = new ArrayList<>(List.of(clients.toArray(String[]::new), symbols.toArray(String[]::new),
                dataTypes.toArray(String[]::new), liveSince(now), config.limits().maxSubscriptionsPerClient()));
        params.addAll(more);
        return pool.preparedQuery(statement).execute(Tuple.tuple(params)).map(rows -> {
            Map<String, Outcome> byClient = new HashMap<>();
            for (Row r : rows) {
                byClient.put(r.getString("client_id"), new Outcome(r.getBoolean("accepted"), r.getInteger("total")));
            }
            List<Outcome> out = new ArrayList<>(batch.size());
            for (Visit v : batch) {
                out.add(byClient.getOrDefault(v.clientId(), new Outcome(true, 0)));
            }
            return out;
        });
    }

    private Uni<List<Renewal>> renew(List<String> batch) {
        Instant now = clock.instant();
        Tuple params = Tuple.of(batch.stream().distinct().toArray(String[]::new),
                OffsetDateTime.ofInstant(now, ZoneOffset.UTC), liveSince(now));
        flushes.increment();
        batchSize.record(batch.size());
        return pool.preparedQuery(PresenceSql.RENEW_CLIENTS).execute(params).map(rows -> {
            Map<String, Integer> byClient = new HashMap<>();
            for (Row r : rows) {
                byClient.put(r.getString("client_id"), r.getInteger("renewed"));
            }
            return batch.stream().map(c -> new Renewal(now, byClient.getOrDefault(c, 0))).toList();
        });
    }
}
