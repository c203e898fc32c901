package dev.freshet.checker.freshness;

import dev.freshet.checker.run.CheckerConfig;
import dev.freshet.checker.run.CheckerTask;
import dev.freshet.checker.run.Savepoint;
import dev.freshet.checker.run.ScheduledTask;
import dev.freshet.checker.run.TaskDescriptor;
import dev.freshet.checker.run.TaskOutcome;
import dev.freshet.checker.run.Times;
import dev.freshet.shared.handler.ConstantKeys;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.Registry;
import dev.freshet.shared.registry.Tier;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Refreshes data_freshness, the cache behind the admin freshness report: each (data type, symbol)
 * that is viewed, was viewed within a day, or has rows, classified fresh (within the warning age,
 * the TTL by default), aging (up to the error age, the tier target by default), stale, or missing.
 */
@ApplicationScoped
public class FreshnessCache implements ScheduledTask {

    static final List<String> STATES = List.of("fresh", "aging", "stale", "missing");
    private static final Logger LOG = Logger.getLogger(FreshnessCache.class);
    private static final Savepoint PER_TYPE = new Savepoint("freshness_type");

    private final Registry registry;
    private final CheckerConfig config;
    private final MeterRegistry meters;
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

    public FreshnessCache(Registry registry, CheckerConfig config, MeterRegistry meters) {
        this.registry = registry;
        this.config = config;
        this.meters = meters;
    }

    @Override
    public TaskDescriptor descriptor() {
        return CheckerTask.FRESHNESS_CACHE;
    }

    @Override
    public Uni<TaskOutcome> execute(SqlConnection tx, Instant now) {
        List<DataType> types = registry.all().stream().filter(DataType::enabled).toList();
        String[] names = types.stream().map(DataType::dataType).toArray(String[]::new);
        Map<String, long[]> perTier = new ConcurrentHashMap<>();
        JsonObject perType = new JsonObject();
        JsonObject errors = new JsonObject();
        return Multi.createFrom().iterable(types)
                .onItem().transformToUniAndConcatenate(dt -> classify(tx, dt, now)
                        .invoke(row -> {
                            if (row == null) {
                                return;
                            }
                            long[] counts = perTier.computeIfAbsent(dt.tier().sql(), t -> new long[STATES.size()]);
                            JsonObject json = new JsonObject();
                            for (int i = 0; i < STATES.size(); i++) {
                                int n = row.getInteger(STATES.get(i));
                                counts[i] += n;
                                json.put(STATES.get(i), n);
                            }
                            perType.put(dt.dataType(), json);
                        })
                        .onFailure().recoverWithUni(e -> {
                            errors.put(dt.dataType(), e.getMessage());
                            return Uni.createFrom().nullItem();
                        })
                        .map(row -> row == null ? 0 : row.getInteger("examined")))
                .collect().asList()
                .flatMap(examined -> tx.preparedQuery(FreshnessSql.REMOVE_OTHER_TYPES).execute(Tuple.of(names))
                        .map(x -> {
                            publish(perTier);
                            return new TaskOutcome(examined.stream().mapToInt(Integer::intValue).sum(), 0,
                                    new JsonObject().put("dataTypes", perType).put("errors", errors));
                        }));
    }

    /** One data type; a target table that cannot be read leaves its previous entries as they were. */
    private Uni<Row> classify(SqlConnection tx, DataType dt, Instant now) {
        Tuple params = Tuple.tuple().addValue(dt.dataType())
                .addValue(Times.utc(now.minus(config.freshness().viewedWithin())))
                .addValue(dt.tier().sql())
                .addValue(Times.utc(now.minus(dt.warnAfter())))
                .addValue(Times.utc(now.minus(dt.errorAfter())))
                .addValue(Times.utc(now));
        return PER_TYPE.run(tx, () -> tx.preparedQuery(FreshnessSql.classify(dt)).execute(ConstantKeys.bind(dt, params))
                        .map(rows -> rows.iterator().next())
                        .call(row -> tx.preparedQuery(FreshnessSql.REMOVE_UNSEEN).execute(Tuple.of(dt.dataType(), Times.utc(now)))))
                .onFailure().invoke(e -> LOG.warnf("freshness of %s could not be classified: %s", dt.dataType(), e.getMessage()));
    }

    /** freshet_data_freshness_pairs{tier,state}: the latest classification, for dashboards. */
    private void publish(Map<String, long[]> perTier) {
        for (Tier tier : Tier.values()) {
            long[] counts = perTier.getOrDefault(tier.sql(), new long[STATES.size()]);
            for (int i = 0; i < STATES.size(); i++) {
                String state = STATES.get(i);
                gauges.computeIfAbsent(tier.sql() + "/" + state, k -> {
                    AtomicLong v = new AtomicLong();
                    Gauge.builder("freshet.data.freshness.pairs", v, AtomicLong::get)
                            .tag("tier", tier.sql()).tag("state", state).register(meters);
                    return v;
                }).set(counts[i]);
            }
        }
    }
}
