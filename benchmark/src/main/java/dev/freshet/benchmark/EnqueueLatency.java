package dev.freshet.benchmark;

import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 4: on an idle queue, the time from enqueue (the job row's enqueued_at) to the processor
 * claiming it and starting its handler (claimed_at), over 100 jobs one at a time. Reference: the
 * physical wake-up limit, a NOTIFY sent on one connection and received on a LISTEN connection.
 */
public final class EnqueueLatency implements Scenario {

    private static final int JOBS = 100;
    private static int runCounter;

    @Override
    public String name() {
        return "enqueue-to-start";
    }

    @Override
    public List<Result> run(BenchContext ctx) throws Exception {
        List<Double> p50 = new ArrayList<>();
        List<Double> p95 = new ArrayList<>();
        List<Double> refP50 = new ArrayList<>();
        List<Double> refP95 = new ArrayList<>();
        for (int r = 0; r < ctx.runs(); r++) {
            List<Double> ours = ours(ctx, "EL" + (++runCounter) + "X");
            List<Double> reference = notifyRoundTrips(ctx);
            p50.add(Samples.percentileOf(ours, 50));
            p95.add(Samples.percentileOf(ours, 95));
            refP50.add(Samples.percentileOf(reference, 50));
            refP95.add(Samples.percentileOf(reference, 95));
            ctx.progress("enqueue→claim p50 %.2f ms p95 %.2f ms; NOTIFY round trip p50 %.2f ms"
                    .formatted(p50.getLast(), p95.getLast(), refP50.getLast()));
        }
        String note = JOBS + " jobs one at a time, processor defaults (debounce 2 ms)";
        return List.of(
                new Result(name(), "idle queue", "p50 enqueue→handler start", "ms", Result.Summary.of(p50),
                        Result.Summary.of(refP50), "NOTIFY→LISTEN p50", note),
                new Result(name(), "idle queue", "p95 enqueue→handler start", "ms", Result.Summary.of(p95),
                        Result.Summary.of(refP95), "NOTIFY→LISTEN p95", note));
    }

    private static List<Double> ours(BenchContext ctx, String prefix) throws InterruptedException {
        List<Double> latencies = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            String symbol = prefix + i;
            ctx.sql().update("""
                    insert into refresh_jobs (data_type, symbol, provider, priority, origin, max_attempts)
                    values ('profile', ?, 'fmp', 3000, 'manual', 5)""", symbol);
            double ms = Double.NaN;
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline) {
                ms = ctx.sql().number("""
                        select extract(epoch from claimed_at - enqueued_at) * 1000 from refresh_job_history
                         where data_type = 'profile' and symbol = ?""", symbol);
                if (!Double.isNaN(ms)) {
                    break;
                }
                Thread.sleep(5);
            }
            if (Double.isNaN(ms)) {
                throw new IllegalStateException(symbol + " was not processed within 30 s");
            }
            latencies.add(ms);
        }
        return latencies;
    }

    private static List<Double> notifyRoundTrips(BenchContext ctx) throws Exception {
        List<Double> out = new ArrayList<>();
        try (Connection listener = ctx.sql().connect(); Connection sender = ctx.sql().connect();
             Statement listen = listener.createStatement(); Statement send = sender.createStatement()) {
            listen.execute("listen freshet_bench");
            PGConnection pg = listener.unwrap(PGConnection.class);
            for (int i = 0; i < JOBS; i++) {
                long start = System.nanoTime();
                send.execute("notify freshet_bench");
                var received = pg.getNotifications(10_000);
                if (received == null || received.length == 0) {
                    throw new IllegalStateException("no notification within 10 s");
                }
                out.add((System.nanoTime() - start) / 1e6);
            }
        }
        return out;
    }
}
