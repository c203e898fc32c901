package dev.freshet.benchmark;

import dev.freshet.launcher.PortCheck;
import dev.freshet.launcher.LaunchOptions;
import dev.freshet.launcher.ServiceProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 10: start-up time (process start → ready, as the launcher polls readiness every 250 ms) and
 * resident memory (VmRSS, Linux) of each service, each restarted alone on the running stack, all
 * with {@code -Xmx256m}. Reference: a bare JVM ({@code java -Xmx256m -version}) for time, nothing for memory.
 */
public final class ServiceFootprint implements Scenario {

    @Override
    public String name() {
        return "service-footprint";
    }

    @Override
    public List<Result> run(BenchContext ctx) throws Exception {
        List<Double> bare = new ArrayList<>();
        for (int r = 0; r < ctx.runs(); r++) {
            String java = ProcessHandle.current().info().command().orElse("java");
            long t0 = System.nanoTime();
            new ProcessBuilder(java, "-Xmx256m", "-version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            bare.add((System.nanoTime() - t0) / 1e6);
        }
        List<Result> results = new ArrayList<>();
        for (String service : LaunchOptions.SERVICES) {
            List<Double> startup = new ArrayList<>();
            List<Double> rss = new ArrayList<>();
            for (int r = 0; r < ctx.runs(); r++) {
                ctx.stack().stop(service);
                long t0 = System.nanoTime();
                ServiceProcess started = ctx.stack().startInstance(service, PortCheck.freePort(), Duration.ofMinutes(3));
                startup.add((System.nanoTime() - t0) / 1e6);
                rss.add(rssMegabytes(started.pid()));
            }
            ctx.progress("%s: ready after %s ms, RSS %s MB".formatted(service, startup, rss));
            results.add(new Result(name(), service, "start-up to ready", "ms", Result.Summary.of(startup),
                    Result.Summary.of(bare), "bare JVM -version", "JVM mode, -Xmx256m, readiness polled every 250 ms"));
            results.add(new Result(name(), service, "RSS when ready", "MB", Result.Summary.of(rss), null, "-",
                    "JVM mode, -Xmx256m, readiness polled every 250 ms"));
        }
        return results;
    }

    /** Resident memory of a process in MB (VmRSS, Linux); NaN elsewhere. */
    static double rssMegabytes(long pid) throws Exception {
        Path status = Path.of("/proc/" + pid + "/status");
        if (!Files.exists(status)) {
            return Double.NaN;
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmRSS:"))
                .mapToDouble(l -> Double.parseDouble(l.replaceAll("[^0-9]", "")) / 1024.0).findFirst().orElse(Double.NaN);
    }
}
