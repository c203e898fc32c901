package dev.freshet.benchmark;

import dev.freshet.launcher.PortCheck;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 5: the checker's presence scan over 100,000 viewed (symbol, data type) pairs — 50,000
 * symbols × quote and profile — of which 20% have no cached row (stale), timed from the checker's
 * own execution log. Reference: one hand-written set-based statement finding the same stale pairs
 * and queueing them, run in a transaction that is rolled back.
 */
public final class PresenceScan implements Scenario {

    private static final int SYMBOLS = 50_000;

    @Override
    public String name() {
        return "presence-scan";
    }

    @Override
    public List<Result> run(BenchContext ctx) throws Exception {
        var stack = ctx.stack();
        // nothing may drain the queue while the scan's output is counted
        stack.stop("queue-processor");
        stack.stop("staleness-checker");
        prepare(ctx);
        stack.clearServiceProperties("staleness-checker").serviceProperties("staleness-checker",
                "-Dfreshet.checker.scheduled-refresh.enabled=false", "-Dfreshet.checker.presence-ttl=1h",
                "-Dfreshet.checker.presence-scan.every=2s");
        List<Double> ours = new ArrayList<>();
        List<Double> reference = new ArrayList<>();
        double examined = 0;
        double enqueued = 0;
        try {
            stack.startInstance("staleness-checker", PortCheck.freePort(), Duration.ofMinutes(3));
            for (int r = 0; r < ctx.runs(); r++) {
                List<Double> run = awaitRun(ctx);
                ours.add(run.get(0));
                examined = run.get(1);
                enqueued = run.get(2);
                clearQueue(ctx);
                reference.add(handWrittenRetrying(ctx));
                ctx.progress("presence scan %.0f ms (examined %.0f, enqueued %.0f); hand-written statement %.0f ms"
                        .formatted(ours.getLast(), examined, enqueued, reference.getLast()));
            }
        } finally {
            stack.stop("staleness-checker");
            ctx.sql().update("delete from refresh_jobs where symbol like 'PS%'");
            ctx.sql().update("delete from active_subscriptions where client_id like 'ps-%'");
            stack.clearServiceProperties("staleness-checker")
                    .serviceProperties("staleness-checker", "-Dfreshet.checker.scheduled-refresh.enabled=false");
            stack.startInstance("staleness-checker", PortCheck.freePort(), Duration.ofMinutes(3));
            stack.startInstance("queue-processor", PortCheck.freePort(), Duration.ofMinutes(3));
        }
        return List.of(new Result(name(), "100k pairs, 20% stale", "scan time", "ms", Result.Summary.of(ours),
                Result.Summary.of(reference), "hand-written set-based SQL",
                "%d pairs examined, %d jobs enqueued per run (checker's execution log)".formatted((long) examined, (long) enqueued)));
    }

    private static void prepare(BenchContext ctx) {
        ctx.sql().update("delete from active_subscriptions");
        ctx.sql().update("""
                insert into active_subscriptions (client_id, symbol, data_type)
                select 'ps-' || (g % 1000), 'PS' || g, t from generate_series(1, ?) g, unnest(array['quote', 'profile']) t""", SYMBOLS);
        // 80% fresh; the timestamps lie ahead so they stay fresh however long the runs take
        ctx.sql().update("""
                insert into quotes (symbol, refreshed_at) select 'PS' || g, now() + interval '1 day'
                from generate_series(1, ?) g where g % 5 <> 0 on conflict (symbol) do nothing""", SYMBOLS);
        ctx.sql().update("""
                insert into profiles (symbol, refreshed_at) select 'PS' || g, now() + interval '1 day'
                from generate_series(1, ?) g where g % 5 <> 0 on conflict (symbol) do nothing""", SYMBOLS);
        ctx.sql().update("analyze active_subscriptions");
        ctx.sql().update("analyze quotes");
        ctx.sql().update("analyze profiles");
    }

    /**
     * Empties the queue of the scan's jobs and answers the next succeeded run that queued them again:
     * ms, examined, enqueued. A run already under way while the queue was emptied may queue them
     * first and leave the next runs nothing to do, so the queue is emptied again after a while.
     */
    private static List<Double> awaitRun(BenchContext ctx) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        long retry = 0;
        double afterEpoch = 0;
        while (System.nanoTime() < deadline) {
            if (System.nanoTime() > retry) {
                clearQueue(ctx);
                afterEpoch = ctx.sql().number("select extract(epoch from now())");
                retry = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            }
            List<Double> row = List.of(
                    ctx.sql().number("""
                            select extract(epoch from finished_at - started_at) * 1000 from scheduler_execution_log
                             where task = 'presence-scan' and status = 'succeeded' and jobs_enqueued > 0
                               and started_at > to_timestamp(?) order by started_at limit 1""", afterEpoch),
                    ctx.sql().number("""
                            select items_examined from scheduler_execution_log
                             where task = 'presence-scan' and status = 'succeeded' and jobs_enqueued > 0
                               and started_at > to_timestamp(?) order by started_at limit 1""", afterEpoch),
                    ctx.sql().number("""
                            select jobs_enqueued from scheduler_execution_log
                             where task = 'presence-scan' and status = 'succeeded' and jobs_enqueued > 0
                               and started_at > to_timestamp(?) order by started_at limit 1""", afterEpoch));
            if (!Double.isNaN(row.getFirst())) {
                return row;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no presence scan ran within 2 minutes");
    }

    /** Deletes the scan's jobs; a scan queueing them at the same moment may deadlock with it, so it retries. */
    private static void clearQueue(BenchContext ctx) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                ctx.sql().update("delete from refresh_jobs where symbol like 'PS%'");
                return;
            } catch (IllegalStateException e) {
                if (attempt == 5 || !String.valueOf(e.getMessage()).contains("deadlock")) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    /** The checker keeps scanning meanwhile; a deadlock with one of its enqueues costs a retry. */
    private static double handWrittenRetrying(BenchContext ctx) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return handWritten(ctx);
            } catch (java.sql.SQLException e) {
                if (attempt == 5 || !"40P01".equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
    }

    private static double handWritten(BenchContext ctx) throws Exception {
        try (Connection c = ctx.sql().connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            long t0 = System.nanoTime();
            int queued = st.executeUpdate("""
                    with viewed as (
                        select data_type, symbol, count(*)::int as viewers from active_subscriptions
                         where last_seen_at > now() - interval '1 hour' and data_type in ('quote', 'profile')
                         group by data_type, symbol
                    ), stale as (
                        select v.* from viewed v where v.data_type = 'quote'
                           and not exists (select 1 from quotes q where q.symbol = v.symbol and q.refreshed_at > now() - interval '60 seconds')
                        union all
                        select v.* from viewed v where v.data_type = 'profile'
                           and not exists (select 1 from profiles p where p.symbol = v.symbol and p.refreshed_at > now() - interval '1 day')
                    )
                    insert into refresh_jobs (data_type, symbol, provider, priority, origin, viewer_count)
                    select data_type, symbol, 'fmp', 1000 + viewers, 'viewer', viewers from stale
                    on conflict (data_type, symbol) do nothing""");
            double ms = (System.nanoTime() - t0) / 1e6;
            c.rollback();
            if (queued != SYMBOLS * 2 / 5) {
                throw new IllegalStateException("hand-written scan queued " + queued);
            }
            return ms;
        }
    }
}
