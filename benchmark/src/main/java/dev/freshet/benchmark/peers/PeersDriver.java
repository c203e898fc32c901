package dev.freshet.benchmark.peers;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.freshet.launcher.LaunchOptions;
import dev.freshet.launcher.LocalDatabase;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Freshet's driver for the peers harness (benchmark README, "Peers harness"): one test per call, one
 * {@code RESULT {json}} line on stdout, exit status non-zero on any failure.
 *
 * <pre>
 * PeersDriver throughput-single|throughput-batch100|latency [n=50000] [instances=1] [samples=200] [warmup=10]
 *             [url=postgresql://127.0.0.1:55432/freshet] [user=postgres] [limit=145] [prewarm=0] [-D…|-X… processor JVM options]
 * </pre>
 */
public final class PeersDriver {

    private PeersDriver() {
    }

    public static void main(String[] args) {
        try {
            System.out.println("RESULT " + new ObjectMapper().writeValueAsString(run(args)));
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    static Map<String, Object> run(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: PeersDriver throughput-single|throughput-batch100|latency [key=value…] [-D…]");
        }
        String mode = args[0];
        Map<String, String> opts = new HashMap<>(Map.of("n", "50000", "samples", "200", "warmup", "10",
                "url", "postgresql://127.0.0.1:55432/freshet", "user", "postgres", "limit", "145", "prewarm", "0",
                "instances", "1"));
        List<String> jvmOptions = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("-")) {
                jvmOptions.add(args[i]);
            } else {
                String[] kv = args[i].split("=", 2);
                if (kv.length != 2 || !opts.containsKey(kv[0])) {
                    throw new IllegalArgumentException("unknown option " + args[i]);
                }
                opts.put(kv[0], kv[1]);
            }
        }
        long deadline = System.nanoTime() + Long.parseLong(opts.get("limit")) * 1_000_000_000L;
        Path root = Path.of(System.getProperty("freshet.root", ".")).toAbsolutePath().normalize();
        LaunchOptions launch = LaunchOptions.parse(new String[] {"db", "--db-url", opts.get("url"), "--db-user", opts.get("user"),
                "--db-password", opts.get("user")}, root);
        try (LocalDatabase database = LocalDatabase.open(launch); PeersDatabase db = new PeersDatabase(database)) {
            return switch (mode) {
                case "throughput-single" -> Throughput.run(root, db, Throughput.SINGLE, Integer.parseInt(opts.get("n")),
                        Integer.parseInt(opts.get("instances")), Integer.parseInt(opts.get("prewarm")), jvmOptions, deadline);
                case "throughput-batch100" -> Throughput.run(root, db, Throughput.BATCH100, Integer.parseInt(opts.get("n")),
                        Integer.parseInt(opts.get("instances")), Integer.parseInt(opts.get("prewarm")), jvmOptions, deadline);
                case "latency" -> StartLatency.run(root, db, Integer.parseInt(opts.get("warmup")), Integer.parseInt(opts.get("samples")),
                        Integer.parseInt(opts.get("prewarm")), jvmOptions, deadline);
                default -> throw new IllegalArgumentException("unknown test " + mode);
            };
        }
    }
}
