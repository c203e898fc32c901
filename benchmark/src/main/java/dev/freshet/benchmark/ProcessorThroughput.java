package dev.freshet.benchmark;

import dev.freshet.launcher.PortCheck;
import dev.freshet.processor.claim.ClaimPolicy;
import dev.freshet.processor.claim.ClaimSql;
import dev.freshet.processor.claim.ClaimedJob;
import dev.freshet.processor.config.Scheduling;
import dev.freshet.processor.complete.FinishSql;
import dev.freshet.processor.complete.FinishStatement;
import dev.freshet.processor.complete.JobResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue 4: jobs completed per second end to end (claim → HTTP fetch from the zero-latency simulator →
 * upsert → history) per claim-loop count and batch size, beside the raw limit: the processor's own
 * LOCK_BUDGETS + the claim and FINISH_JOBS statements in a tight loop, no HTTP, no handler.
 * Rate = jobs / (last finished_at − first enqueued_at), read from history.
 */
public final class ProcessorThroughput implements Scenario {

    private static final List<Integer> LOOPS = List.of(1, 2, 4);
    private static final List<Integer> BATCHES = List.of(10, 50, 200);
    private static int batchCounter;
    /** The processor's defaults, unpaced: the raw loop claims as the service does. */
    private static final ClaimPolicy RAW_POLICY = new ClaimPolicy(Scheduling.DEADLINE, 16, 4, 1, 0.03125, Duration.ofSeconds(10),
            Duration.ofSeconds(60), Duration.ofSeconds(60), 1.0, Duration.ofSeconds(45), 0.1, Duration.ofSeconds(55), Duration.ofSeconds(5),
            Duration.ofSeconds(1));

    @Override
    public String name() {
        return "processor-throughput";
    }

    @Override
    public List<Result> run(BenchContext ctx) throws Exception {
        try {
            return measure(ctx);
        } finally {
            // whatever happened, the scenarios after this one find the stack's processor as it was
            ctx.stack().stop("queue-processor");
            ctx.stack().clearServiceProperties("queue-processor");
            ctx.stack().startInstance("queue-processor", PortCheck.freePort(), Duration.ofMinutes(3));
        }
    }

    private List<Result> measure(BenchContext ctx) throws Exception {
        int jobs = (int) Math.max(200, 2000 * ctx.scale());
        ctx.stack().simulator().reset();

        ctx.stack().stop("queue-processor");
        List<List<Double>> raw = new ArrayList<>();
        Vertx vertx = Vertx.vertx();
        try {
            String warmup = prefix();
            enqueue(ctx, warmup, jobs);
            rawLoop(ctx, vertx, 2, 50, jobs);
            for (int loops : LOOPS) {
                for (int batch : BATCHES) {
                    List<Double> rates = new ArrayList<>();
                    for (int r = 0; r < ctx.runs(); r++) {
                        String prefix = prefix();
                        enqueue(ctx, prefix, jobs);
                        rawLoop(ctx, vertx, loops, batch, jobs);
                        rates.add(rate(ctx, prefix, jobs));
                    }
                    ctx.progress("raw claim+finish, %d loop(s), batch %d: %s jobs/s".formatted(loops, batch, rates));
                    raw.add(rates);
                }
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }

        List<Result> results = new ArrayList<>();
        int i = 0;
        for (int loops : LOOPS) {
            for (int batch : BATCHES) {
                ctx.stack().clearServiceProperties("queue-processor")
                        .serviceProperties("queue-processor", "-Dfreshet.processor.claim-loops=" + loops,
                                "-Dfreshet.processor.batch-size=" + batch);
                ctx.stack().startInstance("queue-processor", PortCheck.freePort(), Duration.ofMinutes(3));
                // a fresh JVM runs interpreted at first: one unrecorded run warms it up
                String warmup = prefix();
                enqueue(ctx, warmup, jobs);
                awaitDone(ctx, warmup, Duration.ofMinutes(5));
                List<Double> rates = new ArrayList<>();
                for (int r = 0; r < ctx.runs(); r++) {
                    String prefix = prefix();
                    enqueue(ctx, prefix, jobs);
                    awaitDone(ctx, prefix, Duration.ofMinutes(5));
                    rates.add(rate(ctx, prefix, jobs));
                }
                ctx.progress("processor, %d loop(s), batch %d: %s jobs/s".formatted(loops, batch, rates));
                ctx.stack().stop("queue-processor");
                results.add(new Result(name(), "loops=%d batch=%d".formatted(loops, batch), "jobs completed", "jobs/s",
                        Result.Summary.of(rates), Result.Summary.of(raw.get(i++)), "raw claim+finish SQL",
                        jobs + " profile jobs per run, simulator latency 0"));
            }
        }
        return results;
    }

    private static synchronized String prefix() {
        return "TP" + (++batchCounter) + "X";
    }

    static void enqueue(BenchContext ctx, String prefix, int n) {
        ctx.sql().update("""
                insert into refresh_jobs (data_type, symbol, provider, priority, origin, max_attempts)
                select 'profile', ? || g, 'fmp', 3000, 'manual', 5 from generate_series(1, ?) g""", prefix, n);
    }

    static void awaitDone(BenchContext ctx, String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ctx.sql().number("select count(*) from refresh_jobs where symbol like ?", prefix + "%") > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("jobs " + prefix + "* not done within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    private static double rate(BenchContext ctx, String prefix, int jobs) {
        double completed = ctx.sql().number(
                "select count(*) from refresh_job_history where symbol like ? and status = 'completed'", prefix + "%");
        if (completed != jobs) {
            throw new IllegalStateException(prefix + ": " + completed + " of " + jobs + " jobs completed");
        }
        double seconds = ctx.sql().number("""
                select extract(epoch from max(finished_at) - min(enqueued_at)) from refresh_job_history
                 where symbol like ?""", prefix + "%");
        return Math.round(jobs / seconds);
    }

    /** The reference: {@code loops} threads running the processor's claim and finish statements back to back. */
    private static void rawLoop(BenchContext ctx, Vertx vertx, int loops, int batch, int jobs) throws Exception {
        var db = ctx.sql().database();
        PgConnectOptions connect = PgConnectOptions.fromUri(db.url()).setUser(db.user()).setPassword(db.password());
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(loops * 2)).connectingTo(connect).using(vertx).build();
        AtomicInteger finished = new AtomicInteger();
        try {
            List<Thread> threads = new ArrayList<>();
            for (int l = 0; l < loops; l++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        while (finished.get() < jobs) {
                            RowSet<Row> rows = await(pool.withTransaction(conn -> conn.preparedQuery(ClaimSql.LOCK_BUDGETS).execute(Tuple.of(0.0, new String[0], new String[0]))
                                    .compose(locked -> conn.preparedQuery(ClaimSql.claimDueJobs(ClaimSql.candidatesFor(batch))).execute(Tuple.from(RAW_POLICY.claimParams(
                                            locked.iterator().next().getOffsetDateTime("now"), batch, "bench-raw", Duration.ofSeconds(60),
                                            List.of(), List.of()))))));
                            if (rows.size() == 0) {
                                Thread.onSpinWait();
                                continue;
                            }
                            await(pool.preparedQuery(FinishSql.FINISH_JOBS).execute(finish(rows)));
                            finished.addAndGet(rows.size());
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join(Duration.ofMinutes(5));
            }
        } finally {
            await(pool.close());
        }
    }

    private static Tuple finish(RowSet<Row> rows) {
        Instant now = Instant.now();
        List<JobResult> results = new ArrayList<>();
        for (Row row : rows) {
            ClaimedJob job = new ClaimedJob(row.getLong("job_id"), row.getString("data_type"), row.getString("symbol"),
                    row.getString("provider"), 0, "manual", 0, row.getInteger("attempts"), 5, now, null, 1, 0, 0, "bench-raw", 0, null);
            results.add(new JobResult(job, JobResult.Outcome.COMPLETED, null, null, 200, 1000, 1, 0, 0, 0, 1, now, 0, 0));
        }
        return Tuple.from(FinishStatement.params(results, now, 10));
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
    }
}
