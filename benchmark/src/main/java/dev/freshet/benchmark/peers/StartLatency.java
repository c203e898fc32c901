package dev.freshet.benchmark.peers;

import dev.freshet.benchmark.Samples;
import dev.freshet.launcher.ServiceLogins;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The harness's idle start latency: one idle processor waiting on LISTEN/NOTIFY; per sample a random
 * 15–45 ms gap, t0 just before the autocommitted enqueue ({@code JobSql.ENQUEUE}, whose trigger sends
 * the NOTIFY), t1 when the job's upstream call reaches the simulator in this process — the first moment
 * of the handler this process can time on its own monotonic clock, as the processor is another JVM (so
 * t1 comes after "handler entered" by the handler's own work up to its HTTP request). Beside it, from
 * the database's clock, {@code claimed_at − enqueued_at} of the same jobs.
 */
public final class StartLatency {

    private static final String DATA_TYPE = "profile";

    private StartLatency() {
    }

    /**
     * @param prewarmJobs jobs drained through the processor before the samples (0 for the contract's cold
     *                    instance: its JIT has seen only the warm-up samples)
     */
    public static Map<String, Object> run(Path root, PeersDatabase db, int warmup, int samples, int prewarmJobs, List<String> jvmOptions,
                                          long deadlineNanos) throws Exception {
        ServiceLogins.Login login = db.reset();
        int[] settings = db.dataTypeSettings(DATA_TYPE);
        List<Double> starts = new ArrayList<>();
        List<Double> enqueueRtt = new ArrayList<>();
        List<String> measured = new ArrayList<>();
        try (UpstreamClock upstream = warmUpstream();
             PeersProcessor processor = PeersProcessor.start(root, db.database(), login, upstream.baseUrl(), jvmOptions);
             Connection monitor = db.connect();
             PreparedStatement left = monitor.prepareStatement("select exists (select 1 from refresh_jobs)")) {
            if (prewarmJobs > 0) {
                List<String> symbols = new ArrayList<>();
                for (int i = 1; i <= prewarmJobs; i++) {
                    symbols.add("W" + i);
                }
                db.enqueue(DATA_TYPE, settings[0], settings[1], symbols);
                awaitIdle(left, deadlineNanos);
            }
            Thread.sleep(1000); // let it settle into its idle LISTEN state
            for (int i = 0; i < warmup + samples; i++) {
                if (System.nanoTime() > deadlineNanos) {
                    throw new IllegalStateException("time limit reached after " + i + " samples");
                }
                Thread.sleep(ThreadLocalRandom.current().nextInt(15, 46));
                String symbol = "L" + i;
                var arrival = upstream.arrivalOf(symbol);
                long t0 = System.nanoTime();
                db.enqueue(DATA_TYPE, settings[0], settings[1], List.of(symbol));
                long added = System.nanoTime();
                long t1 = arrival.get(10, TimeUnit.SECONDS);
                if (i >= warmup) {
                    starts.add((t1 - t0) / 1e6);
                    enqueueRtt.add((added - t0) / 1e6);
                    measured.add(symbol);
                }
                awaitIdle(left, deadlineNanos);
            }
            Map<String, Object> dbClock = dbClock(db, measured);
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("job", DATA_TYPE + " (one GET to the 0 ms simulator in the driver JVM, upsert, history)");
            config.put("processor", "queue-processor quarkus-run.jar, java -Xmx256m, one idle instance, LISTEN freshet_jobs");
            config.put("claim_loops", processor.claimLoops());
            config.put("batch_size", processor.batchSize());
            config.put("jvm_options", jvmOptions);
            config.put("enqueue", "JobSql.ENQUEUE (the services' statement), autocommitted, Vert.x pg client; "
                    + "its statement trigger sends NOTIFY freshet_jobs");
            config.put("t1", "the job's upstream GET arriving at the simulator in the driver JVM (System.nanoTime): "
                    + "after 'handler entered' by the handler's work up to its request; the processor is another JVM");
            config.put("prewarm_jobs", prewarmJobs);
            config.put("upstream_warm_up", Throughput.SINGLE.warmCalls() + " profile calls answered by the simulator before the "
                    + "processor started (its JIT warm: t1 is taken in its request path); the processor as cold as the contract has it");
            config.put("between_samples", "previous job finished (monitor sees no job), then 15-45 ms random sleep");
            Map<String, Object> summary = summary(starts);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("system", "freshet");
            result.put("test", "start-latency-idle");
            result.put("metric", "ms");
            result.put("value", summary.get("p50"));
            result.put("p50", summary.get("p50"));
            result.put("p95", summary.get("p95"));
            result.put("latency", summary);
            result.put("enqueue_rtt", summary(enqueueRtt));
            result.put("db_enqueued_to_claimed", dbClock);
            result.put("samples", starts.stream().map(x -> Throughput.round(x, 2)).toList());
            result.put("note", "JobSql.ENQUEUE (trigger NOTIFY) -> the job's upstream GET received by the simulator in the driver "
                    + "(an upper bound of handler entered: the processor is another JVM); idle processor, LISTEN/NOTIFY, defaults");
            result.put("config", config);
            return result;
        }
    }

    /** The simulator, its JIT warm (as {@link Throughput} has it): t1 is taken in its request path. */
    private static UpstreamClock warmUpstream() throws Exception {
        UpstreamClock upstream = new UpstreamClock();
        try {
            upstream.warm(Throughput.SINGLE.warmPath(), Throughput.SINGLE.warmCalls(), 1);
            return upstream;
        } catch (Exception | Error e) {
            upstream.close();
            throw e;
        }
    }

    private static void awaitIdle(PreparedStatement left, long deadlineNanos) throws Exception {
        while (System.nanoTime() < deadlineNanos) {
            try (ResultSet rs = left.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return;
                }
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException("a job was still queued at the time limit");
    }

    /** claimed_at − enqueued_at (ms) of the measured jobs, both from the database's clock. */
    private static Map<String, Object> dbClock(PeersDatabase db, List<String> symbols) throws Exception {
        List<Double> ms = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("""
                select extract(epoch from claimed_at - enqueued_at) * 1000 from refresh_job_history
                 where data_type = ? and symbol = any(?)""")) {
            ps.setString(1, DATA_TYPE);
            ps.setArray(2, c.createArrayOf("text", symbols.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ms.add(rs.getDouble(1));
                }
            }
        }
        return summary(ms);
    }

    static Map<String, Object> summary(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("n", sorted.size());
        s.put("p50", Throughput.round(Samples.percentile(sorted, 50), 2));
        s.put("p95", Throughput.round(Samples.percentile(sorted, 95), 2));
        s.put("p99", Throughput.round(Samples.percentile(sorted, 99), 2));
        s.put("min", sorted.isEmpty() ? null : Throughput.round(sorted.getFirst(), 2));
        s.put("max", sorted.isEmpty() ? null : Throughput.round(sorted.getLast(), 2));
        s.put("mean", Throughput.round(sorted.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN), 2));
        return s;
    }
}
