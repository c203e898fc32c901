package dev.freshet.processor.incremental;

import dev.freshet.processor.claim.ClaimedJob;
import dev.freshet.shared.handler.IncrementalColumn;
import dev.freshet.shared.registry.DataType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How far each symbol of a call is already covered, read before the handler runs (handlers have no
 * database access): the newest stored record time, or the later time a previous chunk's empty answer
 * vouched for.
 */
@ApplicationScoped
public class LastStoredLookup {

    private final Pool pool;

    public LastStoredLookup(Pool pool) {
        this.pool = pool;
    }

    /** Symbol -> last covered record time; symbols with nothing stored are absent. */
    public Uni<Map<String, Instant>> lastCovered(DataType dt, IncrementalColumn column, List<ClaimedJob> jobs) {
        String[] symbols = jobs.stream().map(ClaimedJob::symbol).toArray(String[]::new);
        Long[] ids = jobs.stream().map(ClaimedJob::jobId).toArray(Long[]::new);
        List<String> constantKeys = IncrementalSql.constantKeys(dt, column);
        Tuple params = Tuple.of(symbols, ids);
        if (!constantKeys.isEmpty()) {
            JsonObject constants = new JsonObject();
            constantKeys.forEach(k -> constants.put(k, column.constants().get(k)));
            params.addValue(constants);
        }
        return pool.preparedQuery(IncrementalSql.lastCovered(dt, column)).execute(params).map(rows -> {
            Map<String, Instant> out = new HashMap<>();
            for (Row r : rows) {
                Instant stored = instant(r.getValue("last_stored"));
                OffsetDateTime covered = r.getOffsetDateTime("covered_through");
                Instant last = covered == null || (stored != null && stored.isAfter(covered.toInstant()))
                        ? stored : covered.toInstant();
                if (last != null) {
                    out.put(r.getString("symbol"), last);
                }
            }
            return out;
        });
    }

    /** A record time column's value; timestamps without a zone and dates are taken as UTC, as they are written. */
    private static Instant instant(Object value) {
        return switch (value) {
            case null -> null;
            case OffsetDateTime t -> t.toInstant();
            case LocalDateTime t -> t.toInstant(ZoneOffset.UTC);
            case LocalDate d -> d.atStartOfDay(ZoneOffset.UTC).toInstant();
            default -> throw new IllegalStateException("record time of unexpected type " + value.getClass().getSimpleName());
        };
    }
}
