package dev.freshet.tracker.data;

import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.staleness.PairFreshness;
import dev.freshet.tracker.config.TrackerConfig;
import dev.freshet.tracker.freshness.FreshnessService;
import io.smallrye.mutiny.Uni;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.mutiny.sqlclient.Pool;
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

    public Uni<DataResponse> read(DataType dt, String symbol) {
        Tuple params = dt.global() ? Tuple.of(maxRows + 1) : Tuple.of(symbol, maxRows + 1);
        Uni<List<Map<String, Object>>> rows = pool.preparedQuery(DataSql.cachedRows(dt, served.of(dt))).execute(params)
                .ifNoItem().after(TIMEOUT).fail()
                .map(set -> {
                    List<Map<String, Object>> out = new ArrayList<>();
                    for (Row r : set) {
                        out.add(parse(r.getString("row")));
                    }
                    return out;
                });
        Uni<Map<String, PairFreshness>> state = freshness.check(dt, List.of(symbol));
        return Uni.combine().all().unis(rows, state).asTuple().map(t -> {
            List<Map<String, Object>> all = t.getItem1();
            PairFreshness f = t.getItem2().get(symbol);
            boolean truncated = all.size() > maxRows;
            return new DataResponse(dt.dataType(), symbol, f.state().json(), f.updatedAt(), truncated,
                    truncated ? all.subList(0, maxRows) : all);
        });
    }

    private Map<String, Object> parse(String row) {
        try {
            return json.readValue(row, ROW);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("row is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
