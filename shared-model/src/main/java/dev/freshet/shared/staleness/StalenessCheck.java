package dev.freshet.shared.staleness;

import dev.freshet.shared.handler.ConstantKeys;
import dev.freshet.shared.log.OncePerPeriod;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.Scope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides fresh / stale / missing for many symbols of one data type with one statement. When the
 * check itself fails (table gone, timeout) every symbol counts as stale: refreshing too often is
 * cheaper than serving data nobody refreshes. Such a failure is logged once per data type and
 * period, not once per request.
 */
@ApplicationScoped
public class StalenessCheck {

    private static final Logger LOG = Logger.getLogger(StalenessCheck.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration LOG_EVERY = Duration.ofMinutes(5);

    private final Pool pool;
    private final Clock clock;
    private final OncePerPeriod failures;

    public StalenessCheck(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
        this.failures = new OncePerPeriod(clock, LOG_EVERY);
    }

    /** Freshness per symbol, in the order given. A global data type is asked with {@link Scope#GLOBAL_SYMBOL}. */
    public Uni<Map<String, PairFreshness>> check(DataType dt, List<String> symbols) {
        Uni<Map<String, Instant>> newest = dt.judgedFromShadow() ? newestShadow(dt, symbols)
                : dt.global() ? newestOverall(dt, symbols) : newestPerSymbol(dt, symbols);
        return newest.ifNoItem().after(TIMEOUT).failWith(() -> new IllegalStateException("timed out after " + TIMEOUT))
                .map(updated -> classify(dt, symbols, updated, false))
                .onFailure().recoverWithItem(e -> {
                    logOnce(dt, e);
                    return classify(dt, symbols, Map.of(), true);
                });
    }

    private Uni<Map<String, Instant>> newestPerSymbol(DataType dt, List<String> symbols) {
        return pool.preparedQuery(StalenessSql.newestPerSymbol(dt))
                .execute(ConstantKeys.bind(dt, Tuple.of(symbols.toArray(String[]::new))))
                .map(StalenessCheck::bySymbol);
    }

    private Uni<Map<String, Instant>> newestShadow(DataType dt, List<String> symbols) {
        return pool.preparedQuery(StalenessSql.NEWEST_SHADOW_PER_SYMBOL)
                .execute(Tuple.of(dt.dataType(), symbols.toArray(String[]::new)))
                .map(StalenessCheck::bySymbol);
    }

    private static Map<String, Instant> bySymbol(RowSet<Row> rows) {
        Map<String, Instant> out = new LinkedHashMap<>();
        for (Row r : rows) {
            OffsetDateTime t = r.getOffsetDateTime("updated_at");
            if (t != null) {
                out.put(r.getString("symbol"), t.toInstant());
            }
        }
        return out;
    }

    private Uni<Map<String, Instant>> newestOverall(DataType dt, List<String> symbols) {
        return pool.preparedQuery(StalenessSql.newestOverall(dt)).execute(ConstantKeys.bind(dt, Tuple.tuple())).map(rows -> {
            OffsetDateTime t = rows.iterator().next().getOffsetDateTime("updated_at");
            Map<String, Instant> out = new LinkedHashMap<>();
            if (t != null) {
                symbols.forEach(s -> out.put(s, t.toInstant()));
            }
            return out;
        });
    }

    private Map<String, PairFreshness> classify(DataType dt, List<String> symbols, Map<String, Instant> updated, boolean failed) {
        Instant freshSince = clock.instant().minus(dt.ttl());
        Map<String, PairFreshness> out = new LinkedHashMap<>();
        for (String s : symbols) {
            Instant u = updated.get(s);
            FreshnessState state = failed ? FreshnessState.STALE
                    : u == null ? FreshnessState.MISSING
                    : u.isAfter(freshSince) ? FreshnessState.FRESH : FreshnessState.STALE;
            out.put(s, new PairFreshness(s, state, u, failed));
        }
        return out;
    }

    private void logOnce(DataType dt, Throwable e) {
        if (failures.due(dt.dataType())) {
            LOG.warnf("staleness check failed for data type %s, treating it as stale: %s", dt.dataType(), e.getMessage());
        } else {
            LOG.debugf("staleness check failed again for data type %s: %s", dt.dataType(), e.getMessage());
        }
    }
}
