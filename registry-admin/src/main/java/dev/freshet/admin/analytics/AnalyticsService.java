package dev.freshet.admin.analytics;

import dev.freshet.admin.common.Params;
import dev.freshet.admin.common.Rows;
import dev.freshet.admin.common.Symbols;
import dev.freshet.shared.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Subscription analytics over a period: viewers per data type over time and the most viewed pairs. */
@ApplicationScoped
public class AnalyticsService {

    /** Longest period per bucket size, so one request reads a bounded number of rows. */
    private static final Map<String, Duration> MAX_RANGE = Map.of("hour", Duration.ofDays(31), "day", Duration.ofDays(400));
    private static final Map<String, Duration> DEFAULT_RANGE = Map.of("hour", Duration.ofHours(24), "day", Duration.ofDays(30));
    private static final int MAX_TOP = 100;

    private final Pool pool;
    private final Clock clock;

    public AnalyticsService(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    public Uni<Analytics> views(Instant since, Instant until, String bucket, String dataType, String symbol, Integer top) {
        String size = bucket == null || bucket.isBlank() ? "hour" : bucket;
        List<String> errors = new ArrayList<>();
        if (!MAX_RANGE.containsKey(size)) {
            errors.add("bucket must be one of [day, hour]");
        }
        if (symbol != null && !symbol.isBlank() && !Symbols.SYMBOL.matcher(symbol).matches()) {
            errors.add("symbol is not valid");
        }
        if (top != null && (top < 1 || top > MAX_TOP)) {
            errors.add("top must be between 1 and " + MAX_TOP);
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.badRequest("the analytics query is not valid", errors));
        }
        Instant to = until == null ? clock.instant() : until;
        Instant from = since == null ? to.minus(DEFAULT_RANGE.get(size)) : since;
        if (!from.isBefore(to)) {
            return Uni.createFrom().failure(ProblemException.badRequest("'since' must be before 'until'"));
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE.get(size)) > 0) {
            return Uni.createFrom().failure(ProblemException.badRequest("a " + size + " bucket covers at most "
                    + MAX_RANGE.get(size).toDays() + " days; use a larger bucket or a shorter period"));
        }
        String type = dataType == null || dataType.isBlank() ? null : dataType;
        String sym = symbol == null || symbol.isBlank() ? null : symbol;
        Uni<List<Analytics.Point>> series = pool.preparedQuery(AnalyticsSql.VIEWS)
                .execute(Tuple.of(Params.utc(from), Params.utc(to), size, type, sym)).map(rows -> {
                    List<Analytics.Point> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Analytics.Point(Rows.instant(r, "bucket"), r.getString("data_type"),
                            r.getLong("viewers"), r.getLong("symbols"))));
                    return out;
                });
        Uni<List<Analytics.Pair>> pairs = pool.preparedQuery(AnalyticsSql.TOP_PAIRS)
                .execute(Tuple.of(Params.utc(from), Params.utc(to), type, top == null ? 20 : top)).map(rows -> {
                    List<Analytics.Pair> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Analytics.Pair(r.getString("data_type"), r.getString("symbol"),
                            r.getInteger("peak_viewers"), r.getLong("viewer_buckets"), Rows.instant(r, "first_seen"),
                            Rows.instant(r, "last_seen"))));
                    return out;
                });
        return Uni.combine().all().unis(series, pairs).asTuple()
                .map(t -> new Analytics(from, to, size, t.getItem1(), t.getItem2()));
    }
}
