package dev.freshet.admin.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.freshet.admin.common.Json;
import dev.freshet.shared.problem.ProblemException;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.Registry;
import io.smallrye.mutiny.Uni;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Compares what a data type's shadow refreshes fetched with what the live table held, over a window:
 * the evidence an operator switches a data type to live on. Reads only {@code shadow_writes}.
 */
@ApplicationScoped
public class ShadowComparison {

    private final Pool pool;
    private final Registry registry;
    private final Clock clock;
    private final RolloutConfig config;

    public ShadowComparison(Pool pool, Registry registry, Clock clock, RolloutConfig config) {
        this.pool = pool;
        this.registry = registry;
        this.clock = clock;
        this.config = config;
    }

    /** The comparison over [since, until); either bound may be left out (until: now; since: the default window before until). */
    public Uni<Comparison> compare(String dataType, Instant since, Instant until) {
        DataType dt = registry.find(dataType).orElseThrow(() -> ProblemException.notFound("data type '" + dataType + "' does not exist"));
        Instant now = clock.instant();
        Instant to = until == null ? now : until;
        Instant from = since == null ? to.minus(config.defaultWindow()) : since;
        if (!from.isBefore(to)) {
            throw ProblemException.badRequest("since must be before until");
        }
        if (Duration.between(from, to).compareTo(config.maxWindow()) > 0) {
            throw ProblemException.badRequest("the window may span at most " + config.maxWindow().toHours()
                    + " hours; shadow records older than the retention are pruned anyway");
        }
        if (from.isAfter(now)) {
            throw ProblemException.badRequest("since lies in the future");
        }
        Tuple window = Tuple.of(dataType, at(from), at(to));
        Uni<Row> summary = pool.preparedQuery(RolloutSql.SUMMARY).execute(window).map(r -> r.iterator().next());
        Uni<List<Comparison.ColumnCount>> columns = pool.preparedQuery(RolloutSql.DIFFERING_COLUMNS).execute(window).map(rows -> {
            List<Comparison.ColumnCount> out = new ArrayList<>();
            rows.forEach(r -> out.add(new Comparison.ColumnCount(r.getString("column_name"), r.getInteger("rows"))));
            return out;
        });
        Uni<List<Comparison.Sample>> samples = pool.preparedQuery(RolloutSql.SAMPLES)
                .execute(Tuple.of(dataType, at(from), at(to), config.samples())).map(rows -> {
                    List<Comparison.Sample> out = new ArrayList<>();
                    rows.forEach(r -> out.add(sample(r)));
                    return out;
                });
        return Uni.combine().all().unis(summary, columns, samples).asTuple().map(t -> {
            Row s = t.getItem1();
            int rows = s.getInteger("rows");
            int matching = s.getInteger("matching");
            return new Comparison(dataType, dt.rolloutState().sql(), from, to, s.getInteger("refreshes"), rows, matching,
                    rows == 0 ? null : (double) matching / rows, s.getInteger("differing"), s.getInteger("missing_in_live"),
                    s.getInteger("missing_in_new"), instant(s, "first_at"), instant(s, "last_at"), t.getItem2(), t.getItem3());
        });
    }

    private static Comparison.Sample sample(Row r) {
        JsonNode live = Json.node(r.getValue("live_row"));
        JsonNode fetched = Json.node(r.getValue("new_row"));
        boolean noLive = live == null || live.isNull();
        boolean noNew = fetched == null || fetched.isNull();
        String kind = noLive ? "missingInLive" : noNew ? "missingInNew" : "differs";
        List<Comparison.ColumnDiff> diffs = new ArrayList<>();
        if (!noLive && !noNew) {
            Set<String> names = new LinkedHashSet<>();
            fetched.fieldNames().forEachRemaining(names::add);
            live.fieldNames().forEachRemaining(names::add);
            for (String c : names) {
                JsonNode a = value(live, c);
                JsonNode b = value(fetched, c);
                if (!same(a, b)) {
                    diffs.add(new Comparison.ColumnDiff(c, a, b));
                }
            }
        }
        return new Comparison.Sample(r.getString("symbol"), Json.node(r.getValue("row_key")), kind, instant(r, "recorded_at"),
                r.getLong("job_id"), kind.equals("differs") ? diffs : null, noLive ? null : live, noNew ? null : fetched);
    }

    private static JsonNode value(JsonNode row, String column) {
        JsonNode v = row.get(column);
        return v == null ? NullNode.getInstance() : v;
    }

    /** Equal as the database compares jsonb: numbers by value (12 equals 12.0). */
    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime at(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
