package dev.freshet.checker.metrics;

import dev.freshet.checker.run.CheckerConfig;
import dev.freshet.checker.run.TaskLateness;
import dev.freshet.checker.run.Times;
import dev.freshet.shared.registry.Tier;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes what is true of the whole database rather than of one replica: queue depth, quota use
 * per provider, active subscriptions, aggregation lag and failures, the age of viewed data per tier,
 * jobs due, how far each checker task is past its overdue limit. Every checker replica publishes the same values, so
 * dashboards take the max across replicas.
 */
@ApplicationScoped
public class DatabaseGauges {

    private static final Logger LOG = Logger.getLogger(DatabaseGauges.class);

    private final Pool pool;
    private final Clock clock;
    private final CheckerConfig config;
    private final MeterRegistry meters;
    private final TaskLateness lateness;
    private final Map<String, AtomicLong> values = new ConcurrentHashMap<>();

    public DatabaseGauges(Pool pool, Clock clock, CheckerConfig config, MeterRegistry meters, TaskLateness lateness) {
        this.pool = pool;
        this.clock = clock;
        this.config = config;
        this.meters = meters;
        this.lateness = lateness;
    }

    @Scheduled(every = "15s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return refresh().onFailure().recoverWithItem(e -> {
            LOG.debugf("gauges not refreshed: %s", e.getMessage());
            return null;
        });
    }

    public Uni<Void> refresh() {
        Instant now = clock.instant();
        Uni<Void> depth = pool.query(GaugeSql.QUEUE_DEPTH).execute().invoke(rows -> {
            Set<String> seen = new HashSet<>();
            for (Row r : rows) {
                Tags tags = Tags.of("status", r.getString("status"), "data_type", r.getString("data_type"));
                seen.add(set("freshet_queue_depth", tags, r.getLong("jobs")));
            }
            zeroOthers("freshet_queue_depth", seen);
        }).replaceWithVoid();
        Uni<Void> active = pool.preparedQuery(GaugeSql.ACTIVE_SUBSCRIPTIONS)
                .execute(Tuple.of(now.minus(config.presenceTtl()).atOffset(ZoneOffset.UTC)))
                .invoke(rows -> set("freshet_active_subscriptions", Tags.empty(), rows.iterator().next().getLong("active")))
                .replaceWithVoid();
        Uni<Void> quota = pool.preparedQuery(GaugeSql.QUOTA).execute(Tuple.of(now.atOffset(ZoneOffset.UTC))).invoke(rows -> {
            for (Row r : rows) {
                Tags tags = Tags.of("provider", r.getString("provider"));
                set("freshet_quota_calls_used", tags, r.getLong("calls_used"));
                set("freshet_quota_calls_reserved", tags, r.getLong("calls_reserved"));
                set("freshet_quota_bytes_used", tags, r.getLong("bytes_used"));
                set("freshet_quota_bytes_reserved", tags, r.getLong("bytes_reserved"));
                if (r.getLong("calls_limit") != null) {
                    set("freshet_quota_calls_limit", tags, r.getLong("calls_limit"));
                }
                if (r.getLong("bytes_limit") != null) {
                    set("freshet_quota_bytes_limit", tags, r.getLong("bytes_limit"));
                }
            }
        }).replaceWithVoid();
        Uni<Void> lag = pool.query(GaugeSql.AGGREGATION_LAG).execute().invoke(rows -> {
            for (Row r : rows) {
                set("freshet_aggregation_lag_seconds", Tags.of("timeframe", r.getString("timeframe")), r.getLong("lag_seconds"));
            }
        }).replaceWithVoid();
        Uni<Void> overdue = lateness.current().invoke(tasks -> tasks.forEach(t ->
                set("freshet_checker_task_overdue_seconds", Tags.of("task", t.task()), t.overdue().toSeconds()))).replaceWithVoid();
        return Uni.join().all(depth, active, quota, lag, overdue, viewedDataAge(now), due(now), aggregationTasks())
                .andFailFast().replaceWithVoid();
    }

    /** freshet_queue_due and freshet_queue_due_oldest_seconds: what processors should be claiming now. */
    private Uni<Void> due(Instant now) {
        return pool.preparedQuery(GaugeSql.QUEUE_DUE).execute(Tuple.of(Times.utc(now))).invoke(rows -> {
            Row r = rows.iterator().next();
            set("freshet_queue_due", Tags.empty(), r.getLong("due"));
            set("freshet_queue_due_oldest_seconds", Tags.empty(), r.getLong("oldest_due_seconds"));
        }).replaceWithVoid();
    }

    /** freshet_aggregation_tasks_hard_failed, _failing and freshet_aggregation_fail_streak_max per timeframe. */
    private Uni<Void> aggregationTasks() {
        return pool.query(GaugeSql.AGGREGATION_TASKS).execute().invoke(rows -> {
            Set<String> seen = new HashSet<>();
            for (Row r : rows) {
                Tags tags = Tags.of("timeframe", r.getString("timeframe"));
                seen.add(set("freshet_aggregation_tasks_hard_failed", tags, r.getLong("hard_failed")));
                seen.add(set("freshet_aggregation_tasks_failing", tags, r.getLong("failing")));
                seen.add(set("freshet_aggregation_fail_streak_max", tags, r.getLong("worst_streak")));
            }
            zeroOthers("freshet_aggregation_tasks_hard_failed", seen);
            zeroOthers("freshet_aggregation_tasks_failing", seen);
            zeroOthers("freshet_aggregation_fail_streak_max", seen);
        }).replaceWithVoid();
    }

    /**
     * The freshness SLO per tier: freshet_viewed_pairs, freshet_viewed_pairs_stale and
     * freshet_viewed_data_age_seconds{quantile}; a tier nobody views reads zero.
     */
    private Uni<Void> viewedDataAge(Instant now) {
        String[] tiers = Arrays.stream(Tier.values()).map(Tier::sql).toArray(String[]::new);
        Integer[] targets = Arrays.stream(Tier.values()).map(t -> (int) t.defaultTarget().toSeconds()).toArray(Integer[]::new);
        Tuple params = Tuple.of(Times.utc(now.minus(config.presenceTtl())), Times.utc(now), tiers, targets);
        return pool.preparedQuery(GaugeSql.VIEWED_DATA_AGE).execute(params).invoke(rows -> {
            Map<String, Row> byTier = new HashMap<>();
            rows.forEach(r -> byTier.put(r.getString("tier"), r));
            for (String tier : tiers) {
                Row r = byTier.get(tier);
                Tags tags = Tags.of("tier", tier);
                set("freshet_viewed_pairs", tags, r == null ? 0 : r.getLong("pairs"));
                set("freshet_viewed_pairs_stale", tags, r == null ? 0 : r.getLong("stale"));
                set("freshet_viewed_data_age_seconds", tags.and("quantile", "0.5"), r == null ? 0 : r.getLong("age_p50"));
                set("freshet_viewed_data_age_seconds", tags.and("quantile", "0.95"), r == null ? 0 : r.getLong("age_p95"));
                set("freshet_viewed_data_age_seconds", tags.and("quantile", "1"), r == null ? 0 : r.getLong("age_max"));
            }
        }).replaceWithVoid();
    }

    /** The current value of a gauge, for tests. */
    public Long value(String name, Tags tags) {
        AtomicLong v = values.get(key(name, tags));
        return v == null ? null : v.get();
    }

    private String set(String name, Tags tags, long value) {
        String key = key(name, tags);
        values.computeIfAbsent(key, k -> {
            AtomicLong holder = new AtomicLong();
            Gauge.builder(name, holder, AtomicLong::get).tags(tags).register(meters);
            return holder;
        }).set(value);
        return key;
    }

    private void zeroOthers(String name, Set<String> seen) {
        values.forEach((key, v) -> {
            if (key.startsWith(name + "|") && !seen.contains(key)) {
                v.set(0);
            }
        });
    }

    private static String key(String name, Tags tags) {
        StringBuilder b = new StringBuilder(name).append('|');
        tags.forEach(t -> b.append(t.getKey()).append('=').append(t.getValue()).append(','));
        return b.toString();
    }
}
