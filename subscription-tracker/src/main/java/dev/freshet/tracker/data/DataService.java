package dev.freshet.tracker.data;

import dev.freshet.shared.handler.ConstantKeys;
import dev.freshet.shared.registry.DataType;
import dev.freshet.tracker.freshness.PairStatus;
import dev.freshet.shared.staleness.PairFreshness;
import dev.freshet.tracker.config.TrackerConfig;
import dev.freshet.tracker.freshness.FreshnessService;
import io.smallrye.mutiny.Uni;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The cached data as the front-end reads it, with its freshness so it knows whether to expect an update. */
@ApplicationScoped
public class DataService {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** SQLSTATE class 22: a value that does not convert to the column's type. */
    private static final String DATA_EXCEPTION = "22";

    private final Pool pool;
    private final FreshnessService freshness;
    private static final TypeReference<Map<String, Object>> ROW = new TypeReference<>() {
    };

    private final int maxRows;
    private final ObjectMapper json;

    private final ServedColumns served;

    public DataService(Pool pool, FreshnessService freshness, TrackerConfig config, ObjectMapper json, ServedColumns served) {
        this.pool = pool;
        this.served = served;
        this.json = json;
        this.freshness = freshness;
        this.maxRows = config.limits().maxDataRows();
    }

    /**
     * One page of the cached rows, newest first: the first page without a cursor, then each page
     * after the one whose {@code nextCursor} is given. A cursor is checked before anything is read.
     */
    public Uni<DataResponse> read(DataType dt, boolean disabled, String symbol, String cursor) {
        JsonObject after = cursor == null ? null : DataCursor.decode(cursor, dt.dataType(), symbol, DataSql.orderColumns(dt));
        Tuple params = dt.global() ? Tuple.of(maxRows + 1) : Tuple.of(symbol, maxRows + 1);
        ConstantKeys.bind(dt, params);
        if (after != null) {
            params.addValue(after);
        }
        Uni<Page> page = pool.preparedQuery(DataSql.cachedRows(dt, served.of(dt), after != null)).execute(params)
                .ifNoItem().after(TIMEOUT).fail()
                .onFailure(e -> after != null && e instanceof PgException pg && pg.getSqlState() != null
                        && pg.getSqlState().startsWith(DATA_EXCEPTION))
                .transform(e -> DataCursor.invalid("its position is not a value of this data type's key columns"))
                .map(set -> {
                    List<Map<String, Object>> rows = new ArrayList<>();
                    String last = null;
                    for (Row r : set) {
                        if (rows.size() == maxRows) {
                            return new Page(rows, DataCursor.encode(dt.dataType(), symbol, new JsonObject(last)));
                        }
                        rows.add(parse(r.getString("row")));
                        last = r.getString("position");
                    }
                    return new Page(rows, null);
                });
        Uni<Map<String, PairFreshness>> state = freshness.check(dt, List.of(symbol));
        return Uni.combine().all().unis(page, state).asTuple().map(t -> {
            Page p = t.getItem1();
            PairFreshness f = t.getItem2().get(symbol);
            return new DataResponse(dt.dataType(), symbol, PairStatus.state(disabled, f), f.updatedAt(), p.nextCursor() != null,
                    p.nextCursor(), p.rows());
        });
    }

    /** A page of rows and the cursor of the next one (null when this is the last). */
    private record Page(List<Map<String, Object>> rows, String nextCursor) {
    }

    private Map<String, Object> parse(String row) {
        try {
            return json.readValue(row, ROW);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("row is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
