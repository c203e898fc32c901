package dev.freshet.admin.reports;

import dev.freshet.admin.AdminConfig;
import dev.freshet.admin.common.Json;
import dev.freshet.admin.common.Page;
import dev.freshet.admin.common.Params;
import dev.freshet.admin.common.Rows;
import dev.freshet.shared.problem.ProblemException;
import dev.freshet.shared.registry.Tier;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

@ApplicationScoped
public class ReportService {

    static final Set<String> EXECUTION_STATUSES = Set.of("running", "succeeded", "failed", "skipped_locked", "skipped_flag");
    static final Set<String> TIERS = Set.of("critical", "standard", "low");

    private final Pool pool;
    private final Clock clock;
    private final AdminConfig config;

    public ReportService(Pool pool, Clock clock, AdminConfig config) {
        this.pool = pool;
        this.clock = clock;
        this.config = config;
    }

    public Uni<Reports.SchedulerHealth> schedulerHealth() {
        Instant now = clock.instant();
        Instant since = now.minus(config.reportWindow());
        Uni<List<Reports.TaskHealth>> tasks = pool.preparedQuery(ReportSql.SCHEDULER_TASKS)
                .execute(Tuple.of(Params.utc(since), Params.utc(now.minus(config.schedulerLookback())))).map(rows -> {
                    List<Reports.TaskHealth> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Reports.TaskHealth(r.getString("task"), r.getLong("runs"), r.getLong("failures"),
                                Rows.instant(r, "last_started_at"), r.getString("last_status"),
                                Rows.instant(r, "last_success_at"), r.getString("last_error"),
                                Rows.doubleOrNull(r, "avg_duration_ms"), r.getLong("jobs_enqueued")));
                    }
                    return out;
                });
        Uni<Reports.QueueHealth> queue = pool.preparedQuery(ReportSql.QUEUE_HEALTH).execute(Tuple.of(Params.utc(now)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    Instant oldest = Rows.instant(r, "oldest_due_at");
                    return new Reports.QueueHealth(r.getLong("pending"), r.getLong("processing"), r.getLong("expired_leases"),
                            oldest == null ? null : Math.max(0, Duration.between(oldest, now).toSeconds()));
                });
        return Uni.combine().all().unis(tasks, queue).asTuple().map(t -> {
            List<String> problems = new ArrayList<>();
            for (Reports.TaskHealth task : t.getItem1()) {
                if ("failed".equals(task.lastStatus())) {
                    problems.add("task " + task.task() + " failed on its last run: " + task.lastError());
                }
                if (task.lastStartedAt() != null && task.lastStartedAt().isBefore(now.minus(config.schedulerSilenceAfter()))) {
                    problems.add("task " + task.task() + " has not run since " + task.lastStartedAt());
                }
            }
            if (t.getItem2().expiredLeases() > 0) {
                problems.add(t.getItem2().expiredLeases() + " running job(s) hold an expired lease (a processor died or hangs)");
            }
            String status = !problems.isEmpty() ? "degraded" : t.getItem1().isEmpty() ? "idle" : "healthy";
            return new Reports.SchedulerHealth(status, now, since, problems, t.getItem1(), t.getItem2());
        });
    }

    public Uni<Reports.Staleness> staleness(String tier, String dataType) {
        Instant now = clock.instant();
        List<Object> base = Arrays.asList(Params.utc(now), (int) Tier.CRITICAL.defaultTarget().toSeconds(),
                (int) Tier.STANDARD.defaultTarget().toSeconds(), (int) Tier.LOW.defaultTarget().toSeconds(),
                Params.oneOf("tier", tier, TIERS), dataType == null || dataType.isBlank() ? null : dataType);
        List<Object> offenderParams = new ArrayList<>(base);
        offenderParams.add(config.worstOffenders());
        Uni<List<Reports.TierFreshness>> counts = pool.preparedQuery(ReportSql.STALENESS_COUNTS).execute(Tuple.from(base))
                .map(rows -> {
                    Map<String, List<Reports.DataTypeFreshness>> byTier = new LinkedHashMap<>();
                    for (Tier t : Tier.values()) {
                        byTier.put(t.sql(), new ArrayList<>());
                    }
                    for (Row r : rows) {
                        byTier.get(r.getString("tier")).add(new Reports.DataTypeFreshness(r.getString("data_type"),
                                r.getString("tier"), r.getBoolean("enabled"), r.getInteger("warn_s"), r.getInteger("error_s"),
                                new Reports.StateCounts(r.getLong("fresh"), r.getLong("aging"), r.getLong("stale"), r.getLong("missing")),
                                Rows.instant(r, "newest_at"), Rows.instant(r, "oldest_at")));
                    }
                    List<Reports.TierFreshness> out = new ArrayList<>();
                    byTier.forEach((t, list) -> {
                        if (tier == null || tier.equals(t)) {
                            long f = 0, a = 0, s = 0, m = 0;
                            for (Reports.DataTypeFreshness d : list) {
                                f += d.counts().fresh();
                                a += d.counts().aging();
                                s += d.counts().stale();
                                m += d.counts().missing();
                            }
                            out.add(new Reports.TierFreshness(t, new Reports.StateCounts(f, a, s, m), list));
                        }
                    });
                    return out;
                });
        Uni<List<Reports.Offender>> offenders = pool.preparedQuery(ReportSql.WORST_OFFENDERS).execute(Tuple.from(offenderParams))
                .map(rows -> {
                    List<Reports.Offender> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Reports.Offender(r.getString("data_type"), r.getString("tier"), r.getString("symbol"),
                                r.getString("state"), Rows.instant(r, "last_updated_at"), r.getLong("age_seconds"),
                                r.getInteger("error_s")));
                    }
                    return out;
                });
        return Uni.combine().all().unis(counts, offenders).asTuple()
                .map(t -> new Reports.Staleness(now, t.getItem1(), t.getItem2()));
    }

    public Uni<Page<Reports.Execution>> executionHistory(String task, String status, Instant since, Instant until,
                                                         String cursor, Integer limit) {
        int n = Params.limit(limit, config.defaultPageSize(), config.maxPageSize());
        Tuple params = Tuple.from(Arrays.asList(task == null || task.isBlank() ? null : task,
                Params.oneOf("status", status, EXECUTION_STATUSES), Params.utc(since), Params.utc(until),
                Params.cursor(cursor), n));
        return pool.preparedQuery(ReportSql.EXECUTION_HISTORY).execute(params).map(rows -> {
            List<Reports.Execution> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new Reports.Execution(r.getLong("execution_id"), r.getString("task"), r.getString("instance_id"),
                        Rows.instant(r, "started_at"), Rows.instant(r, "finished_at"), r.getString("status"),
                        r.getInteger("items_examined"), r.getInteger("jobs_enqueued"), r.getString("error"),
                        Json.node(r.getValue("details"))));
            }
            return Page.of(out, n, Reports.Execution::executionId);
        });
    }

    public Uni<Reports.Bottlenecks> bottlenecks(Instant since, Instant until, String dataType) {
        Instant to = until == null ? clock.instant() : until;
        Instant from = since == null ? to.minus(config.reportWindow()) : since;
        if (!from.isBefore(to)) {
            throw ProblemException.badRequest("'since' must be before 'until'");
        }
        Tuple params = Tuple.from(Arrays.asList(Params.utc(from), Params.utc(to),
                dataType == null || dataType.isBlank() ? null : dataType));
        return pool.preparedQuery(ReportSql.BOTTLENECKS).execute(params).map(rows -> {
            List<Reports.DataTypeBottleneck> out = new ArrayList<>();
            long q = 0, f = 0, v = 0, w = 0;
            for (Row r : rows) {
                Reports.PhaseTotals totals = new Reports.PhaseTotals(r.getLong("queue_wait_ms"), r.getLong("fetch_ms"),
                        r.getLong("validate_ms"), r.getLong("write_ms"));
                q += totals.queueWaitMs();
                f += totals.fetchMs();
                v += totals.validateMs();
                w += totals.writeMs();
                Reports.PhaseTotals p95 = new Reports.PhaseTotals(round(r, "p95_queue_wait_ms"), round(r, "p95_fetch_ms"),
                        round(r, "p95_validate_ms"), round(r, "p95_write_ms"));
                Reports.Shares shares = shares(totals);
                out.add(new Reports.DataTypeBottleneck(r.getString("data_type"), r.getLong("jobs"), r.getLong("failed"),
                        totals, shares, p95, bottleneck(totals)));
            }
            Reports.PhaseTotals all = new Reports.PhaseTotals(q, f, v, w);
            return new Reports.Bottlenecks(from, to, all, shares(all), bottleneck(all), out);
        });
    }

    static Reports.Shares shares(Reports.PhaseTotals t) {
        double sum = t.queueWaitMs() + t.fetchMs() + t.validateMs() + t.writeMs();
        if (sum == 0) {
            return new Reports.Shares(0, 0, 0, 0);
        }
        return new Reports.Shares(t.queueWaitMs() / sum, t.fetchMs() / sum, t.validateMs() / sum, t.writeMs() / sum);
    }

    static String bottleneck(Reports.PhaseTotals t) {
        long max = Math.max(Math.max(t.queueWaitMs(), t.fetchMs()), Math.max(t.validateMs(), t.writeMs()));
        if (max == 0) {
            return null;
        }
        return max == t.fetchMs() ? "fetch" : max == t.writeMs() ? "write" : max == t.queueWaitMs() ? "queue_wait" : "validate";
    }

    private static long round(Row r, String column) {
        Double d = Rows.doubleOrNull(r, column);
        return d == null ? 0 : Math.round(d);
    }
}
