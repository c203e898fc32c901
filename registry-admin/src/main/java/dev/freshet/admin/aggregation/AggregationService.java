package dev.freshet.admin.aggregation;

import dev.freshet.admin.AdminConfig;
import dev.freshet.admin.audit.AuditSql;
import dev.freshet.admin.audit.ChangeMetrics;
import dev.freshet.admin.common.Params;
import dev.freshet.admin.common.Symbols;
import dev.freshet.shared.aggregation.AggregationSql;
import dev.freshet.shared.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Aggregation state for operators, and the one repair they make: putting a hard-failed task back to work. */
@ApplicationScoped
public class AggregationService {

    private static final Logger LOG = Logger.getLogger(AggregationService.class);
    private static final Set<String> STATUSES = Set.of("idle", "running", "hard_failed");
    private static final Pattern TIMEFRAME = Pattern.compile("^[0-9]{1,3}[mhd]$");

    private static final int MAX_TASK_PRIORITY = 10_000;

    private final Pool pool;
    private final Clock clock;
    private final ChangeMetrics metrics;
    private final AdminConfig config;

    public AggregationService(Pool pool, Clock clock, ChangeMetrics metrics, AdminConfig config) {
        this.pool = pool;
        this.clock = clock;
        this.metrics = metrics;
        this.config = config;
    }

    /** Lag and bar quality per timeframe, shortest first; quality over the bars since {@code since} (default: the report window). */
    public Uni<List<TimeframeSummary>> timeframes(Instant since) {
        Instant now = clock.instant();
        Instant from = since == null ? now.minus(config.reportWindow()) : since;
        if (from.isAfter(now)) {
            return Uni.createFrom().failure(ProblemException.badRequest("'since' must not be in the future"));
        }
        return pool.preparedQuery(AggregationAdminSql.TIMEFRAMES).execute(Tuple.of(Params.utc(from))).map(rows -> {
            List<TimeframeSummary> out = new ArrayList<>();
            rows.forEach(r -> out.add(TimeframeSummary.of(r)));
            out.sort(Comparator.comparing(TimeframeSummary::length).thenComparing(TimeframeSummary::timeframe));
            return out;
        });
    }

    /** Changes a task's enabled, priority and mandatory settings and audits it, in one transaction. */
    public Uni<AggregationSettings> settings(String symbol, String timeframe, AggregationSettingsRequest request, String actor) {
        List<String> errors = new ArrayList<>();
        if (symbol == null || !Symbols.SYMBOL.matcher(symbol).matches()) {
            errors.add("symbol is not valid");
        }
        if (timeframe == null || !TIMEFRAME.matcher(timeframe).matches()) {
            errors.add("timeframe must look like 5m, 1h or 1d");
        }
        if (request == null || (request.enabled() == null && request.taskPriority() == null && request.mandatory() == null)) {
            errors.add("give at least one of enabled, taskPriority, mandatory");
        } else if (request.taskPriority() != null && (request.taskPriority() < 0 || request.taskPriority() > MAX_TASK_PRIORITY)) {
            errors.add("taskPriority must be between 0 and " + MAX_TASK_PRIORITY);
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.badRequest("the aggregation task settings are not valid", errors));
        }
        return pool.withTransaction(tx -> tx.preparedQuery(AggregationAdminSql.UPDATE_SETTINGS)
                .execute(Tuple.of(symbol, timeframe, request.enabled(), request.taskPriority(), request.mandatory()))
                .flatMap(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        throw ProblemException.notFound("no aggregation task for " + symbol + " " + timeframe);
                    }
                    Row r = it.next();
                    JsonObject before = new JsonObject().put("enabled", r.getBoolean("enabled_before"))
                            .put("taskPriority", r.getInteger("priority_before")).put("mandatory", r.getBoolean("mandatory_before"));
                    AggregationSettings after = new AggregationSettings(symbol, timeframe, r.getBoolean("enabled"),
                            r.getInteger("task_priority"), r.getBoolean("is_mandatory"));
                    JsonObject afterJson = new JsonObject().put("enabled", after.enabled())
                            .put("taskPriority", after.taskPriority()).put("mandatory", after.mandatory());
                    return tx.preparedQuery(AuditSql.INSERT).execute(Tuple.from(Arrays.asList(actor, "aggregation",
                            symbol + "/" + timeframe, "settings", before, afterJson))).replaceWith(after);
                }))
                .invoke(after -> {
                    LOG.infof("%s set aggregation task %s %s: enabled=%s priority=%d mandatory=%s", actor, symbol, timeframe,
                            after.enabled(), after.taskPriority(), after.mandatory());
                    metrics.changed("aggregation", "settings");
                });
    }

    public Uni<List<AggregationTaskView>> list(String status, String timeframe, int limit) {
        List<String> errors = new ArrayList<>();
        if (status != null && !STATUSES.contains(status)) {
            errors.add("status must be one of " + STATUSES.stream().sorted().toList());
        }
        if (timeframe != null && !TIMEFRAME.matcher(timeframe).matches()) {
            errors.add("timeframe must look like 5m, 1h or 1d");
        }
        if (limit < 1 || limit > 1000) {
            errors.add("limit must be between 1 and 1000");
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.badRequest("the aggregation query is not valid", errors));
        }
        return pool.preparedQuery(AggregationSql.STATE_WITH_LAG).execute(Tuple.of(status, timeframe, limit)).map(rows -> {
            List<AggregationTaskView> out = new ArrayList<>();
            rows.forEach(r -> out.add(AggregationTaskView.of(r)));
            return out;
        });
    }

    /** Resets a hard-failed task and audits it, in one transaction; anything else is a 404 or 409. */
    public Uni<Void> reset(String symbol, String timeframe, String actor) {
        if (symbol == null || !Symbols.SYMBOL.matcher(symbol).matches() || timeframe == null || !TIMEFRAME.matcher(timeframe).matches()) {
            return Uni.createFrom().failure(ProblemException.badRequest("symbol or timeframe is not valid"));
        }
        return pool.withTransaction(tx -> tx.preparedQuery(AggregationSql.RESET_HARD_FAILED)
                .execute(Tuple.of(symbol, timeframe, clock.instant().atOffset(ZoneOffset.UTC)))
                .flatMap(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        return tx.preparedQuery(AggregationSql.TASK_STATUS).execute(Tuple.of(symbol, timeframe)).map(status -> {
                            if (!status.iterator().hasNext()) {
                                throw ProblemException.notFound("no aggregation task for " + symbol + " " + timeframe);
                            }
                            throw ProblemException.conflict("the task " + symbol + " " + timeframe + " is "
                                    + status.iterator().next().getString("status") + ", not hard_failed: nothing to reset");
                        });
                    }
                    Row prev = it.next();
                    JsonObject before = new JsonObject().put("status", "hard_failed")
                            .put("hardFailStreak", prev.getInteger("hard_fail_streak")).put("lastError", prev.getString("last_error"));
                    JsonObject after = new JsonObject().put("status", "idle").put("hardFailStreak", 0);
                    return tx.preparedQuery(AuditSql.INSERT).execute(Tuple.from(Arrays.asList(actor, "aggregation",
                            symbol + "/" + timeframe, "reset", before, after))).replaceWithVoid();
                }))
                .invoke(() -> {
                    LOG.infof("%s reset hard-failed aggregation task %s %s", actor, symbol, timeframe);
                    metrics.changed("aggregation", "reset");
                });
    }
}
