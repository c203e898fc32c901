package dev.freshet.benchmark;

import dev.freshet.launcher.PortCheck;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.freshet.launcher.LaunchOptions;
import dev.freshet.launcher.LocalStack;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `./freshet bench [scenario…] [--runs N] [--scale X] [--db-url URL]`: starts the local stack once
 * (embedded PostgreSQL unless a database is given, the simulator, the four services), runs each
 * scenario with its reference, prints a table and writes {@code benchmark/target/bench-results.json}.
 */
public final class BenchMain {

    static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

    static {
        for (Scenario s : List.of(new ProcessorThroughput(), new EnqueueLatency(), new FreshnessLatency(), new TrackerHeartbeat(), new PresenceScan(), new QuotaEfficiency(), new ServiceFootprint(),
                new Aggregation(), new ChartOnDemand(), new MixedLoad(), new Burst(), new Abuse())) {
            SCENARIOS.put(s.name(), s);
        }
    }

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("freshet.root", ".")).toAbsolutePath().normalize();
        Path target = root.resolve("benchmark/target");
        Files.createDirectories(target);
        int runs = 3;
        double scale = 1.0;
        List<String> chosen = new ArrayList<>();
        List<String> stackArgs = new ArrayList<>(List.of("up", "--home", target.resolve("bench-home").toString(), "--reset", "--no-color"));
        stackArgs.addAll(PortCheck.freePortOptions());
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "bench" -> { }
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--scale" -> scale = Double.parseDouble(args[++i]);
                case "--db-url", "--db-user", "--db-password" -> stackArgs.addAll(List.of(args[i], args[++i]));
                case "--help", "-h" -> {
                    System.out.println(usage());
                    return;
                }
                default -> {
                    if (!SCENARIOS.containsKey(args[i])) {
                        System.err.println("unknown scenario or option " + args[i] + "\n" + usage());
                        System.exit(2);
                    }
                    chosen.add(args[i]);
                }
            }
        }
        if (chosen.isEmpty()) {
            chosen.addAll(SCENARIOS.keySet());
        }

        ByteArrayOutputStream stackLog = new ByteArrayOutputStream();
        LaunchOptions options = LaunchOptions.parse(stackArgs.toArray(String[]::new), root);
        List<Result> results = new ArrayList<>();
        Instant started = Instant.now();
        UpstreamMinutes upstream = new UpstreamMinutes();
        try (LocalStack stack = new LocalStack(options, new PrintStream(stackLog, true))
                // scheduled refreshes would compete for the provider and the database with what is measured
                .serviceProperties("staleness-checker", "-Dfreshet.checker.scheduled-refresh.enabled=false")
                .simulatorArrivals(upstream)) {
            // Ctrl-C must not leave the services and the database running
            Thread stopper = new Thread(stack::close, "bench-stop");
            Runtime.getRuntime().addShutdownHook(stopper);
            System.out.println("bench    | starting the stack (services' logs in benchmark/target/bench-stack.log)");
            try {
                stack.start(Duration.ofMinutes(3));
                BenchContext ctx = new BenchContext(stack, new BenchSql(stack.database()), runs, scale, System.out, upstream);
                // speed, not quota: the simulated provider's budget would otherwise be the only thing measured
                ctx.sql().update("""
                        update provider_quotas set calls_per_minute = null, calls_per_day = null, bytes_per_window = null,
                               bytes_window_seconds = null, max_concurrency = 64 where provider = 'fmp'""");
                for (String name : chosen) {
                    System.out.println("bench    | " + name);
                    try {
                        results.addAll(SCENARIOS.get(name).run(ctx));
                    } catch (Exception e) {
                        System.out.println("bench    | " + name + " failed: " + e);
                    }
                }
            } finally {
                Files.writeString(target.resolve("bench-stack.log"), stackLog.toString());
            }
        }
        String table = Table.render(results);
        System.out.println(machine());
        System.out.println(table);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("startedAt", started.toString());
        json.put("machine", machine());
        json.put("runs", runs);
        json.put("scale", scale);
        json.put("results", results.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("result", r);
            m.put("ratio", r.ratio());
            return m;
        }).toList());
        Path out = target.resolve("bench-results.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), json);
        Files.writeString(target.resolve("bench-results.txt"), machine() + "\n" + table);
        System.out.println("bench    | results in " + out);
    }

    static String machine() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return "%d cores, %s %s, Java %s, load average %.2f at the end".formatted(Runtime.getRuntime().availableProcessors(),
                os.getName(), os.getVersion(), System.getProperty("java.version"), os.getSystemLoadAverage());
    }

    static String usage() {
        return """
                usage: ./freshet bench [scenario…] [--runs N] [--scale X] [--db-url postgresql://h:p/db]
                  scenarios: %s (default: all)
                  --runs N     repetitions of each measurement (default 3); median and min–max are reported
                  --scale X    multiplies job counts and durations (default 1)""".formatted(String.join(", ", SCENARIOS.keySet()));
    }
}
