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
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes presence. Visits and heartbeats of many clients arriving within the coalescing window
 * become one statement each, which is what lets heavy heartbeat traffic stay cheap.
 */
@ApplicationScoped
public class PresenceWriter {

    /** The outcome of one client's visit: whether it was recorded, and how many live subscriptions it holds. */
    public record Outcome(boolean accepted, int total) {
    }

    private record Visit(String clientId, List<Pair> pairs) {
    }

    private final Pool pool;
    private final Clock clock;
    private final TrackerConfig config;
    private final Coalescer<Visit, Outcome> visits;
    private final Coalescer<String, Integer> renewals;
    private final Counter flushes;
    private final DistributionSummary batchSize;

    public PresenceWriter(Pool pool, Clock clock, TrackerConfig config, Vertx vertx, MeterRegistry meters) {
        this.pool = pool;
        this.clock = clock;
        this.config = config;
        this.visits = new Coalescer<>(vertx, config.coalesceWindow(), config.coalesceMaxBatch(), this::upsert);
        this.renewals = new Coalescer<>(vertx, config.coalesceWindow(), config.coalesceMaxBatch(), this::renew);
        this.flushes = Counter.builder("freshet_presence_flushes_total")
                .description("Presence statements run (each covers every request of one coalescing window)")
                .register(meters);
        this.batchSize = DistributionSummary.builder("freshet_presence_batch_requests")
                .description("Requests covered by one presence statement").register(meters);
    }

    /** Records that the client views these pairs now, unless that would take it over its subscription cap. */
    public Uni<Outcome> record(String clientId, List<Pair> pairs) {
        return visits.submit(new Visit(clientId, pairs));
    }

    /** Renews all live subscriptions of the client; answers how many. */
    public Uni<Integer> renewAll(String clientId) {
        return renewals.submit(clientId);
    }

    /** Ends the client's subscriptions (one symbol, or all when symbol is null); answers the live ones removed. */
    public Uni<List<Pair>> remove(String clientId, String symbol) {
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
        Instant now = clock.instant();
        Tuple params = Tuple.tuple(List.of(clients.toArray(String[]::new), symbols.toArray(String[]::new),
                dataTypes.toArray(String[]::new), OffsetDateTime.ofInstant(now, ZoneOffset.UTC), liveSince(now),
                config.limits().maxSubscriptionsPerClient()));
        flushes.increment();
        batchSize.record(batch.size());
        return pool.preparedQuery(PresenceSql.UPSERT_WITHIN_CAP).execute(params).map(rows -> {
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

    private Uni<List<Integer>> renew(List<String> batch) {
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
            return batch.stream().map(c -> byClient.getOrDefault(c, 0)).toList();
        });
    }
}
