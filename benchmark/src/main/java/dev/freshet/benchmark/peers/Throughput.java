package dev.freshet.benchmark.peers;

import dev.freshet.launcher.ServiceLogins;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The harness's throughput test: N jobs queued in bulk (timed apart), VACUUM ANALYZE and CHECKPOINT, the
 * processor started beforehand with its provider paused, the clock started at the resume and stopped
 * when a monitor connection sees no job left in {@code refresh_jobs} (completion writes included). With
 * several processor instances (scale-out) all are started and idle before the resume, and their CPU is summed.
 */
public final class Throughput {

    /**
     * A variant: its test name, the data type queued, the symbols one upstream call serves, and the upstream call
     * ({@code {i}} its number) made {@code warmCalls} times before the processors start.
     */
    public record Variant(String test, String dataType, int symbolsPerCall, String warmPath, int warmCalls) {
    }

    public static final Variant SINGLE = new Variant("throughput-single", "profile", 1,
            "/stable/profile?symbol=U{i}&apikey=warm-up", 30_000);
    public static final Variant BATCH100 = new Variant("throughput-batch100", "quote", 100,
            "/stable/batch-quote?symbols=" + IntStream.rangeClosed(1, 100).mapToObj(k -> "U{i}." + k).collect(Collectors.joining(","))
                    + "&apikey=warm-up", 600);
    /** Keep-alive connections of the upstream's warm-up: as many as the processor's pool opens to it in a drain. */
    private static final int WARM_CONNECTIONS = 16;

    private static final int CHUNK = 5_000;

    private Throughput() {
    }

    /**
     * @param prewarmJobs jobs of the same data type drained through the processors before the measured ones are
     *                    queued (0 for the contract's cold instances, whose JIT compiles during the drain)
     */
    public static Map<String, Object> run(Path root, PeersDatabase db, Variant variant, int n, int instances, int prewarmJobs,
                                          List<String> jvmOptions, long deadlineNanos) throws Exception {
        if (instances < 1) {
            throw new IllegalArgumentException("instances must be at least 1, was " + instances);
        }
        ServiceLogins.Login login = db.reset();
        int[] settings = db.dataTypeSettings(variant.dataType());
        try (UpstreamClock upstream = new UpstreamClock()) {
            upstream.warm(variant.warmPath(), variant.warmCalls(), WARM_CONNECTIONS);
            Processors warm = prewarmJobs > 0 ? Processors.start(root, db, login, upstream.baseUrl(), jvmOptions, instances) : null;
            try {
                if (warm != null) {
                    prewarm(db, upstream, variant, settings, prewarmJobs, deadlineNanos);
                }
                return drain(root, db, login, upstream, warm, variant, n, instances, prewarmJobs, settings, jvmOptions, deadlineNanos);
            } catch (Exception | Error e) {
                if (warm != null) {
                    warm.close();
                }
                throw e;
            }
        }
    }

    /** Drains {@code jobs} jobs named W1… through the started processors, then forgets their history. */
    private static void prewarm(PeersDatabase db, UpstreamClock upstream, Variant variant, int[] settings, int jobs, long deadlineNanos)
            throws Exception {
        List<String> symbols = new ArrayList<>(jobs);
        for (int i = 1; i <= jobs; i++) {
            symbols.add("W" + i);
        }
        for (int i = 0; i < jobs; i += CHUNK) {
            db.enqueue(variant.dataType(), settings[0], settings[1], symbols.subList(i, Math.min(jobs, i + CHUNK)));
        }
        while (db.number("select count(*) from refresh_jobs") > 0) {
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException("prewarm jobs left after the time limit: " + db.number("select count(*) from refresh_jobs"));
            }
            Thread.sleep(50);
        }
        db.execute("delete from refresh_job_history");
    }

    private static Map<String, Object> drain(Path root, PeersDatabase db, ServiceLogins.Login login, UpstreamClock upstream,
                                             Processors warm, Variant variant, int n, int instances, int prewarmJobs,
                                             int[] settings, List<String> jvmOptions, long deadlineNanos)
            throws Exception {
        db.pause();
        List<String> symbols = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            symbols.add("S" + i);
        }
        long e0 = System.nanoTime();
        int queued = 0;
        for (int i = 0; i < n; i += CHUNK) {
            queued += db.enqueue(variant.dataType(), settings[0], settings[1], symbols.subList(i, Math.min(n, i + CHUNK)));
        }
        double enqueueSeconds = (System.nanoTime() - e0) / 1e9;
        if (queued != n) {
            throw new IllegalStateException(queued + " of " + n + " jobs queued");
        }
        db.vacuumAndCheckpoint();

        try (Processors processors = warm != null ? warm : Processors.start(root, db, login, upstream.baseUrl(), jvmOptions, instances);
             Connection monitor = db.connect();
             PreparedStatement left = monitor.prepareStatement("select exists (select 1 from refresh_jobs)")) {
            Thread.sleep(1000); // past start-up: its claim loops idle, the provider paused
            PeersProcessor processor = processors.first();
            ClusterCpu dbCpu = ClusterCpu.of(monitor);
            double cpu0 = processors.cpuSeconds();
            double jit0 = processors.compilerCpuSeconds();
            List<Double> cpu0Each = processors.cpuEach();
            double db0 = dbCpu.seconds();
            double driver0 = driverCpuSeconds();
            long calls0 = upstream.answered();
            long t0 = System.nanoTime();
            db.resume();
            long t1;
            while (true) {
                try (ResultSet rs = left.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        t1 = System.nanoTime();
                        break;
                    }
                }
                if (System.nanoTime() > deadlineNanos) {
                    throw new IllegalStateException("jobs left after the time limit: "
                            + db.number("select count(*) from refresh_jobs"));
                }
                Thread.sleep(5);
            }
            double cpu = processors.cpuSeconds() - cpu0;
            double jit = processors.compilerCpuSeconds() - jit0;
            double db1 = dbCpu.seconds() - db0;
            double driver = driverCpuSeconds() - driver0;
            long completed = db.number("select count(*) from refresh_job_history where status = 'completed'");
            if (completed != n) {
                throw new IllegalStateException(completed + " of " + n + " jobs completed: "
                        + db.number("select count(*) from refresh_job_history where status <> 'completed'") + " did not");
            }
            double drainMs = (t1 - t0) / 1e6;
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("job", variant.dataType() + " (registry http-json handler: one GET, JSON mapping, upsert, history)"
                    + (variant.symbolsPerCall() > 1 ? ", " + variant.symbolsPerCall() + " symbols per call" : ", one call per job"));
            config.put("upstream", "market-data simulator in the driver JVM, latency 0 ms, HTTP/1.1 keep-alive");
            config.put("upstream_calls", upstream.answered() - calls0);
            config.put("upstream_warm_up", variant.warmCalls() + " calls like the drain's (other symbols) answered before the "
                    + "processors started, over " + WARM_CONNECTIONS + " connections: the simulator's JIT warm, as a provider's "
                    + "server is; the processors are as cold as the contract has them");
            config.put("processor", "queue-processor quarkus-run.jar, java -Xmx256m, " + instances + (instances == 1 ? " instance" : " instances"));
            config.put("instances", instances);
            config.put("claim_loops", processor.claimLoops());
            config.put("batch_size", processor.batchSize());
            config.put("jvm_options", jvmOptions);
            config.put("provider_max_concurrency", 64);
            config.put("start", "processor started and idle before t0 with its provider paused (provider_pauses); "
                    + "t0 = resume + NOTIFY freshet_jobs in one transaction; JVM start-up not counted"
                    + (prewarmJobs > 0 ? "; before the measured jobs were queued, " + prewarmJobs + " jobs of the same type were drained "
                    + "through the same processor(s) (their JIT warm)" : ""));
            config.put("prewarm_jobs", prewarmJobs);
            config.put("monitor", "select exists (select 1 from refresh_jobs) every 5 ms on its own connection");
            config.put("db_user", "the processor's own role login (V300 grants)");
            config.put("handlers_done_ms", "the simulator's last answer sent (every fetch done; the writes commit with the finish)");
            config.put("cpu", "over the drain: processor JVM, the PostgreSQL server (postmaster and its children), "
                    + "the driver JVM (the simulator answering, the monitor); processor_jit_cpu_s: the processor's JIT compiler "
                    + "threads (C1/C2, from /proc), part of processor_cpu_s");
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("system", "freshet");
            result.put("test", instances == 1 ? variant.test() : variant.test() + "-x" + instances);
            result.put("metric", "jobs/s");
            result.put("value", Math.round(n / (drainMs / 1000)));
            result.put("n", n);
            result.put("drain_ms", round(drainMs, 1));
            result.put("handlers_done_ms", round((upstream.lastAnswerNanos() - t0) / 1e6, 1));
            result.put("enqueue_jobs_per_s", Math.round(n / enqueueSeconds));
            result.put("processor_cpu_s", round(cpu, 2));
            result.put("processor_cpu_ms_per_job", round(cpu * 1000 / n, 4));
            result.put("processor_cpu_s_each", processors.cpuSecondsEach(cpu0Each));
            // the JIT compiler threads' share: a cold JVM compiles its hot paths during the first tens of seconds
            result.put("processor_jit_cpu_s", round(jit, 2));
            result.put("postgres_cpu_s", round(db1, 2));
            result.put("driver_cpu_s", round(driver, 2));
            result.put("note", "%d %s jobs%s, 0 ms simulator; %d processor(s) of %s loops x batch %s; t0 = provider resumed"
                    .formatted(n, variant.dataType(), variant.symbolsPerCall() > 1 ? ", " + variant.symbolsPerCall() + " symbols per GET"
                            : ", one GET each", instances, processor.claimLoops(), processor.batchSize()));
            result.put("config", config);
            return result;
        }
    }

    /** The processor instances of one run, started side by side (each waits for its own readiness). */
    private record Processors(List<PeersProcessor> all) implements AutoCloseable {

        static Processors start(Path root, PeersDatabase db, ServiceLogins.Login login, String upstream, List<String> jvmOptions,
                                int instances) throws Exception {
            ExecutorService starting = Executors.newFixedThreadPool(instances);
            List<Future<PeersProcessor>> futures = new ArrayList<>();
            List<PeersProcessor> started = new ArrayList<>();
            try {
                for (int i = 0; i < instances; i++) {
                    futures.add(starting.submit(() -> PeersProcessor.start(root, db.database(), login, upstream, jvmOptions)));
                }
                Exception failed = null;
                for (Future<PeersProcessor> f : futures) {
                    try {
                        started.add(f.get());
                    } catch (java.util.concurrent.ExecutionException e) {
                        failed = failed == null && e.getCause() instanceof Exception c ? c : failed;
                    }
                }
                if (failed != null) {
                    started.forEach(PeersProcessor::close);
                    throw failed;
                }
                return new Processors(List.copyOf(started));
            } finally {
                starting.shutdown();
            }
        }

        PeersProcessor first() {
            return all.get(0);
        }

        double cpuSeconds() {
            return cpuEach().stream().mapToDouble(Double::doubleValue).sum();
        }

        double compilerCpuSeconds() {
            return all.stream().mapToDouble(PeersProcessor::compilerCpuSeconds).sum();
        }

        List<Double> cpuEach() {
            return all.stream().map(PeersProcessor::cpuSeconds).toList();
        }

        List<Double> cpuSecondsEach(List<Double> before) {
            List<Double> now = cpuEach();
            List<Double> used = new ArrayList<>();
            for (int i = 0; i < now.size(); i++) {
                used.add(round(now.get(i) - before.get(i), 2));
            }
            return used;
        }

        @Override
        public void close() {
            all.forEach(PeersProcessor::close);
        }
    }

    private static double driverCpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
