package dev.freshet.shared.universe;

import dev.freshet.shared.log.OncePerPeriod;
import dev.freshet.shared.registry.DataType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
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
 * Which symbols of a data type no refresh may be queued for ({@link SymbolGateSql#BLOCKED_SYMBOLS}):
 * outside the provider's loaded universe, or remembered as not found. Global data types are never
 * blocked. When the statement fails {@link #blocked} opens the gate (nothing blocked, logged once per
 * data type and period): a refresh too many is cheaper than a viewed pair nobody refreshes.
 */
@ApplicationScoped
public class SymbolGate {

    private static final Logger LOG = Logger.getLogger(SymbolGate.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration LOG_EVERY = Duration.ofMinutes(5);

    private final OncePerPeriod failures;

    public SymbolGate(Clock clock) {
        this.failures = new OncePerPeriod(clock, LOG_EVERY);
    }

    /** The blocked symbols among {@code symbols}, by symbol; empty when none is, or when the check fails. */
    public Uni<Map<String, SymbolBlock>> blocked(SqlClient client, DataType dt, List<String> symbols) {
        return blockedOrFail(client, dt, symbols)
                .ifNoItem().after(TIMEOUT).failWith(() -> new IllegalStateException("timed out after " + TIMEOUT))
                .onFailure().recoverWithItem(e -> {
                    logOnce(dt, e);
                    return Map.of();
                });
    }

    /**
     * The same, its failure passed on: inside a transaction, where a failed statement aborts
     * everything after it, the caller decides (the checker's run fails and the next one tries again).
     */
    public Uni<Map<String, SymbolBlock>> blockedOrFail(SqlClient client, DataType dt, List<String> symbols) {
        if (dt.global() || symbols.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return client.preparedQuery(SymbolGateSql.BLOCKED_SYMBOLS)
                .execute(Tuple.of(dt.dataType(), symbols.stream().distinct().toArray(String[]::new)))
                .map(rows -> {
                    Map<String, SymbolBlock> out = new LinkedHashMap<>();
                    for (Row r : rows) {
                        out.put(r.getString("symbol"), map(r));
                    }
                    return out;
                });
    }

    static SymbolBlock map(Row r) {
        return new SymbolBlock(r.getString("symbol"), r.getString("reason"), instant(r, "not_found_until"),
                r.getInteger("streak"), r.getString("universe_data_type"), instant(r, "universe_loaded_at"));
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    private void logOnce(DataType dt, Throwable e) {
        if (failures.due(dt.dataType())) {
            LOG.warnf("known-symbols check of %s failed, queueing as if every symbol were known: %s", dt.dataType(), e.getMessage());
        }
    }
}
