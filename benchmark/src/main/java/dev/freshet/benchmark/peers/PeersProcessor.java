package dev.freshet.benchmark.peers;

import dev.freshet.launcher.PortCheck;
import dev.freshet.launcher.LocalDatabase;
import dev.freshet.launcher.ServiceLogins;
import dev.freshet.launcher.ServiceProcess;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real queue-processor, its built {@code quarkus-run.jar} as a plain {@code java -jar} (the launcher's
 * way: {@code -Xmx256m}), pointed at the harness's database and at the simulator; its log goes to stderr.
 */
public final class PeersProcessor implements AutoCloseable {

    /** USER_HZ, the unit of a task's times in {@code /proc/<pid>/task/<tid>/stat}: 100 on every Linux this runs on. */
    private static final int CLOCK_TICKS_PER_SECOND = 100;
    private static final Pattern STARTED = Pattern.compile("started (\\d+) claim loop\\(s\\), batch (\\d+)");

    private final ServiceProcess process;
    private final StartLine started;

    private PeersProcessor(ServiceProcess process, StartLine started) {
        this.process = process;
        this.started = started;
    }

    /** Starts it and waits until it is ready; {@code jvmOptions} are extra options before {@code -jar}. */
    public static PeersProcessor start(Path repositoryRoot, LocalDatabase db, ServiceLogins.Login login, String upstreamBaseUrl,
                                       List<String> jvmOptions) throws IOException, InterruptedException {
        Path jar = repositoryRoot.resolve("queue-processor/target/quarkus-app/quarkus-run.jar");
        int[] ports = PortCheck.freePorts(2);
        int port = ports[0];
        int management = ports[1];
        Map<String, String> env = new HashMap<>();
        env.put("FRESHET_DB_URL", db.url());
        env.put("FRESHET_DB_USER", login.user());
        env.put("FRESHET_DB_PASSWORD", login.password());
        env.put("FRESHET_MIGRATION_DB_USER", db.user());
        env.put("FRESHET_MIGRATION_DB_PASSWORD", db.password());
        env.put("FRESHET_MIGRATE_AT_START", "false");
        env.put("FRESHET_VALIDATE_AT_START", "true");
        env.put("FRESHET_PROCESSOR_PORT", String.valueOf(port));
        env.put("FRESHET_PROCESSOR_MANAGEMENT_PORT", String.valueOf(management));
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-Dfreshet.providers." + PeersDatabase.PROVIDER + ".base-url=" + upstreamBaseUrl);
        StartLine started = new StartLine(System.err);
        ServiceProcess process = ServiceProcess.start("processor", jar, port, management, env, options, 0, false, started);
        PeersProcessor processor = new PeersProcessor(process, started);
        // a driver stopped by the harness's timeout must not leave the processor claiming in the next test
        Runtime.getRuntime().addShutdownHook(new Thread(process::close, "stop-processor"));
        try {
            process.awaitReady(Duration.ofSeconds(90));
        } catch (RuntimeException | InterruptedException e) {
            processor.close();
            throw e;
        }
        return processor;
    }

    /** Claim loops and batch size as the processor reported them at start (null until it did). */
    public Integer claimLoops() {
        return started.loops;
    }

    public Integer batchSize() {
        return started.batch;
    }

    /** CPU time the processor JVM has used so far (user + system), in seconds. */
    public double cpuSeconds() {
        return ProcessHandle.of(process.pid()).flatMap(p -> p.info().totalCpuDuration())
                .map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    /**
     * CPU time the JVM's JIT compiler threads have used so far, in seconds (Linux: their {@code /proc} task
     * entries; NaN elsewhere). Threads that ended took their time with them: a lower bound.
     */
    public double compilerCpuSeconds() {
        Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
        long ticks = 0;
        try (DirectoryStream<Path> all = Files.newDirectoryStream(tasks)) {
            for (Path task : all) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return ticks / (double) CLOCK_TICKS_PER_SECOND;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGTERM, as an operator stops it (it finishes or releases what it holds). */
    @Override
    public void close() {
        process.close();
    }

    /** Passes the processor's log through and picks out the line saying how it claims. */
    private static final class StartLine extends PrintStream {
        private volatile Integer loops;
        private volatile Integer batch;

        StartLine(OutputStream out) {
            super(out, true);
        }

        @Override
        public void println(String line) {
            Matcher m = STARTED.matcher(line);
            if (m.find()) {
                loops = Integer.valueOf(m.group(1));
                batch = Integer.valueOf(m.group(2));
            }
            super.println(line);
        }
    }
}
