package dev.freshet.processor.claim;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the tiers above the lowest are expected to need of each provider's minute: the calls their viewed pairs made
 * in the previous minute ({@link ClaimSql#UPPER_TIER_CALLS}), read once per minute of the database's clock and kept
 * for every claim of that minute (the statement reads a minute of history; the claim runs many times a second).
 */
@ApplicationScoped
public class UpperTierDemand {

    /**
     * One provider's calls in the previous minute: of the critical and standard tiers together, of critical alone, and of
     * the standard tier's pairs queued during that minute.
     */
    public record Calls(double upper, double critical, double standardNew) {
    }

    private record Minute(Instant start, Map<String, Calls> calls) {
    }

    private final AtomicReference<Minute> last = new AtomicReference<>(new Minute(Instant.MIN, Map.of()));

    /** The calls per provider for the minute of {@code now}, read on {@code conn} when that minute is new to this instance. */
    public Uni<Map<String, Calls>> at(SqlConnection conn, OffsetDateTime now) {
        Instant start = now.toInstant().truncatedTo(ChronoUnit.MINUTES);
        Minute known = last.get();
        if (known.start().equals(start)) {
            return Uni.createFrom().item(known.calls());
        }
        return read(conn, now).invoke(calls -> last.set(new Minute(start, calls)));
    }

    /** The calls per provider for the minute of {@code now}, read now and not kept (a claim at a moved clock, in tests). */
    public Uni<Map<String, Calls>> read(SqlConnection conn, OffsetDateTime now) {
        return conn.preparedQuery(ClaimSql.UPPER_TIER_CALLS).execute(Tuple.of(now)).map(rows -> {
            Map<String, Calls> calls = new HashMap<>();
            for (Row r : rows) {
                calls.put(r.getString("provider"), new Calls(r.getDouble("calls"), r.getDouble("critical_calls"), r.getDouble("standard_new_calls")));
            }
            return Map.copyOf(calls);
        });
    }
}
