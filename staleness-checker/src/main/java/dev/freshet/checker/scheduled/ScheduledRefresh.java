package dev.freshet.checker.scheduled;

import dev.freshet.checker.aggregation.AggregationDue;
import dev.freshet.checker.run.CheckerConfig;
import dev.freshet.checker.run.CheckerTask;
import dev.freshet.checker.run.ScheduledTask;
import dev.freshet.checker.run.TaskDescriptor;
import dev.freshet.checker.run.TaskOutcome;
import dev.freshet.checker.run.Times;
import dev.freshet.shared.flags.FeatureFlags;
import dev.freshet.shared.flags.Flags;
import dev.freshet.shared.queue.EnqueueCandidate;
import dev.freshet.shared.queue.JobEnqueuer;
import dev.freshet.shared.queue.JobOrigin;
import dev.freshet.shared.queue.Priorities;
import dev.freshet.shared.handler.ConstantKeys;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.Registry;
import dev.freshet.shared.registry.Scope;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Keeps scheduled data fresh when nobody is looking: for each `scheduled`/`both` data type, rows
 * (or the global row) older than the TTL are queued at scheduled priority. Throttled per provider
 * so scheduled work takes at most a share of the quota left and never the on-demand reserve;
 * large tables are walked a keyset batch per run, a new pass starting every schedule interval.
 */
@ApplicationScoped
public class ScheduledRefresh implements ScheduledTask {

    private static final Logger LOG = Logger.getLogger(ScheduledRefresh.class);

    private final Registry registry;
    private final FeatureFlags flags;
    private final JobEnqueuer enqueuer;
    private final ProviderBudgets budgets;
    private final CheckerConfig config;

    public ScheduledRefresh(Registry registry, FeatureFlags flags, JobEnqueuer enqueuer,
                            ProviderBudgets budgets, CheckerConfig config) {
        this.registry = registry;
        this.flags = flags;
        this.enqueuer = enqueuer;
        this.budgets = budgets;
        this.config = config;
    }

    @Override
    public TaskDescriptor descriptor() {
        return CheckerTask.SCHEDULED_REFRESH;
    }

    @Override
    public boolean permitted() {
        return !scheduled().isEmpty();
    }

    /** Highest priority first, so it gets the budget first. Derived bars belong to the aggregation task. */
    private List<DataType> scheduled() {
        return registry.all().stream()
                .filter(dt -> dt.enabled() && dt.refreshMode().scheduled())
                .filter(dt -> !AggregationDue.HANDLER.equals(dt.handler()))
                .filter(dt -> flags.enabled(Flags.USE_SCHEDULED_REFRESHES, dt.dataType()))
                .sorted(Comparator.comparingInt(DataType::priority).reversed().thenComparing(DataType::dataType))
                .toList();
    }

    @Override
    public Uni<TaskOutcome> execute(SqlConnection tx, Instant now) {
        List<DataType> types = scheduled();
        JsonObject perType = new JsonObject();
        return budgets.load(tx, now, config.scheduledRefresh().quotaShare())
                .flatMap(budgetsByProvider -> Multi.createFrom().iterable(types)
                        .onItem().transformToUniAndConcatenate(dt -> {
                            ProviderBudget budget = budgetsByProvider.computeIfAbsent(dt.provider(), ProviderBudget::unlimited);
                            Uni<TypeResult> r = dt.global() ? global(tx, dt, now, budget) : symbols(tx, dt, now, budget);
                            return r.invoke(result -> perType.put(dt.dataType(), result.json()));
                        })
                        .collect().asList()
                        .map(results -> outcome(results, perType, budgetsByProvider)));
    }

    private TaskOutcome outcome(List<TypeResult> results, JsonObject perType, Map<String, ProviderBudget> budgetsByProvider) {
        int examined = results.stream().mapToInt(TypeResult::examined).sum();
        int enqueued = results.stream().mapToInt(TypeResult::enqueued).sum();
        int throttled = results.stream().mapToInt(TypeResult::throttled).sum();
        if (enqueued > 0 || throttled > 0) {
            LOG.infof("scheduled refresh: %d rows examined, %d refreshes queued, %d left for later by the quota throttle",
                    examined, enqueued, throttled);
        }
        JsonObject left = new JsonObject();
        budgetsByProvider.values().forEach(b -> left.put(b.provider(), new JsonObject()
                .put("calls", b.calls() == ProviderBudget.UNLIMITED ? null : b.calls())
                .put("bytes", b.bytes() == ProviderBudget.UNLIMITED ? null : b.bytes())));
        return new TaskOutcome(examined, enqueued, new JsonObject()
                .put("throttled", throttled).put("budgetLeft", left).put("dataTypes", perType));
    }

    private Uni<TypeResult> global(SqlConnection tx, DataType dt, Instant now, ProviderBudget budget) {
        Tuple params = Tuple.of(Times.utc(now.minus(dt.ttl())), dt.dataType(), Scope.GLOBAL_SYMBOL);
        return tx.preparedQuery(ScheduledRefreshSql.globalDue(dt)).execute(ConstantKeys.bind(dt, params)).flatMap(rows -> {
            if (!rows.iterator().next().getBoolean("due")) {
                return Uni.createFrom().item(new TypeResult(1, 0, 0, false));
            }
            if (budget.jobsFitting(dt.estimatedBytes()) < 1) {
                return Uni.createFrom().item(new TypeResult(1, 0, 1, false));
            }
            return enqueue(tx, dt, List.of(Scope.GLOBAL_SYMBOL), budget).map(n -> new TypeResult(1, n, 0, false));
        });
    }

    private Uni<TypeResult> symbols(SqlConnection tx, DataType dt, Instant now, ProviderBudget budget) {
        return tx.preparedQuery(ScheduledRefreshSql.LOAD_CURSOR).execute(Tuple.of(dt.dataType())).flatMap(cursorRows -> {
            String after = null;
            Instant passStarted = null;
            if (cursorRows.size() > 0) {
                Row c = cursorRows.iterator().next();
                after = c.getString("last_symbol");
                OffsetDateTime ps = c.getOffsetDateTime("pass_started_at");
                passStarted = ps == null ? null : ps.toInstant();
            }
            Duration interval = dt.scheduleIntervalSeconds() != null ? Duration.ofSeconds(dt.scheduleIntervalSeconds()) : dt.ttl();
            boolean newPass = after == null;
            if (newPass && passStarted != null && passStarted.plus(interval).isAfter(now)) {
                return Uni.createFrom().item(TypeResult.notDue());
            }
            long allowance = Math.min(budget.jobsFitting(dt.estimatedBytes()), config.scheduledRefresh().maxJobsPerRun());
            if (allowance < 1) {
                return Uni.createFrom().item(new TypeResult(0, 0, 1, false));
            }
            Instant passStart = newPass ? now : passStarted;
            int batchSize = config.scheduledRefresh().batchSize();
            Tuple params = Tuple.of(after == null ? "" : after, batchSize, Times.utc(now.minus(dt.ttl())), dt.dataType());
            return tx.preparedQuery(ScheduledRefreshSql.scanBatch(dt)).execute(ConstantKeys.bind(dt, params))
                    .flatMap(rows -> enqueueBatch(tx, dt, now, budget, rows, allowance, batchSize, passStart));
        });
    }

    private Uni<TypeResult> enqueueBatch(SqlConnection tx, DataType dt, Instant now, ProviderBudget budget,
                                         RowSet<Row> rows, long allowance, int batchSize, Instant passStart) {
        List<String> due = new ArrayList<>();
        String cursor = null;
        int throttled = 0;
        for (Row r : rows) {
            if (r.getBoolean("due")) {
                if (due.size() >= allowance) {
                    throttled++;
                    continue;
                }
                due.add(r.getString("symbol"));
            }
            if (throttled == 0) {
                cursor = r.getString("symbol");
            }
        }
        // throttled symbols were not queued: the cursor stops before the first of them so the next run sees them again
        boolean passComplete = throttled == 0 && rows.size() < batchSize;
        // an in-progress pass never stores null (that means "complete"): '' is the start of the table
        String saved = passComplete ? null : cursor == null ? "" : cursor;
        Tuple cursorParams = Tuple.tuple().addValue(dt.dataType()).addValue(saved).addValue(Times.utc(passStart))
                .addValue(passComplete ? Times.utc(now) : null).addValue(Times.utc(now));
        int examined = rows.size();
        int left = throttled;
        return enqueue(tx, dt, due, budget)
                .flatMap(n -> tx.preparedQuery(ScheduledRefreshSql.SAVE_CURSOR).execute(cursorParams)
                        .replaceWith(new TypeResult(examined, n, left, passComplete)));
    }

    private Uni<Integer> enqueue(SqlConnection tx, DataType dt, List<String> symbols, ProviderBudget budget) {
        List<EnqueueCandidate> candidates = symbols.stream()
                .map(s -> new EnqueueCandidate(s, 0, Priorities.scheduled(dt), null))
                .toList();
        return enqueuer.enqueue(tx, dt, JobOrigin.SCHEDULED, candidates).map(result -> {
            budget.spend(result.insertedCount(), dt.estimatedBytes());
            return result.insertedCount();
        });
    }

    private record TypeResult(int examined, int enqueued, int throttled, boolean passComplete, boolean skipped) {

        TypeResult(int examined, int enqueued, int throttled, boolean passComplete) {
            this(examined, enqueued, throttled, passComplete, false);
        }

        static TypeResult notDue() {
            return new TypeResult(0, 0, 0, false, true);
        }

        JsonObject json() {
            return new JsonObject().put("examined", examined).put("enqueued", enqueued).put("throttled", throttled)
                    .put("passComplete", passComplete).put("notDue", skipped);
        }
    }
}
