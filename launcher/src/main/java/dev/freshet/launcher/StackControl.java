package dev.freshet.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** `./freshet status` and `./freshet down`: a stack started in another terminal, found by its pid file. */
public final class StackControl {

    /** Exit status of `status` when nothing runs (the LSB convention for "not running"). */
    public static final int NOT_RUNNING = 3;

    private final Path home;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    public StackControl(Path home, PrintStream out) {
        this.home = home;
        this.out = out;
    }

    /** Prints whether a stack runs from this home and whether each of its services is ready; 0 when it runs. */
    public int status() {
        Optional<StackFile.Running> running = live();
        if (running.isEmpty()) {
            return NOT_RUNNING;
        }
        StackFile.Running stack = running.get();
        Instant since = ProcessHandle.of(stack.pid()).flatMap(h -> h.info().startInstant()).orElse(null);
        out.println("freshet  | running, pid " + stack.pid() + (since == null ? "" : ", since " + since) + ", home " + home);
        for (Map.Entry<String, String> part : stack.parts().entrySet()) {
            if (part.getKey().endsWith(StackFile.MANAGEMENT)) {
                continue;
            }
            String url = part.getValue();
            // a stack file written before management URLs were recorded has only the service's own
            String health = stack.parts().getOrDefault(part.getKey() + StackFile.MANAGEMENT, url);
            String state = url.startsWith("http") && LaunchOptions.SERVICES.stream().map(LaunchOptions::shortName)
                    .anyMatch(part.getKey()::equals) ? readiness(health) : "";
            out.printf("  %-10s %-45s %s%n", part.getKey(), url, state);
        }
        return 0;
    }

    /** Stops the stack the way Ctrl-C does (SIGTERM to the launcher, which stops everything in order); 0 when it is gone. */
    public int down(Duration timeout) {
        Optional<StackFile.Running> running = live();
        if (running.isEmpty()) {
            return 0;
        }
        long pid = running.get().pid();
        ProcessHandle launcher = ProcessHandle.of(pid).orElseThrow();
        out.println("freshet  | stopping the stack of pid " + pid + "…");
        launcher.destroy();
        try {
            launcher.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            out.println("freshet  | pid " + pid + " is still stopping after " + timeout.toSeconds() + " s; kill -9 " + pid + " forces it");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        StackFile.remove(home, pid);
        out.println("freshet  | stopped");
        return 0;
    }

    /** Fails when a stack already runs from this home: a second one would share its database files. */
    public void requireNoneRunning() {
        StackFile.read(home).filter(StackFile.Running::alive).ifPresent(r -> {
            throw new IllegalStateException("a stack already runs from " + home + " (pid " + r.pid()
                    + "): ./freshet status shows it, ./freshet down stops it, or start another with --home DIR and other ports");
        });
    }

    /** The stack of this home if its process lives; says so and removes stale files otherwise. */
    private Optional<StackFile.Running> live() {
        Optional<StackFile.Running> running = StackFile.read(home);
        if (running.isEmpty()) {
            out.println("freshet  | no stack runs from " + home);
            return Optional.empty();
        }
        if (!running.get().alive()) {
            StackFile.remove(home, running.get().pid());
            out.println("freshet  | no stack runs from " + home + " (pid " + running.get().pid() + " is gone; its pid file was removed)");
            return Optional.empty();
        }
        return running;
    }

    private String readiness(String url) {
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).timeout(Duration.ofSeconds(3)).build();
        try {
            int status = http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 ? "ready" : "not ready (" + status + ")";
        } catch (IOException e) {
            return "not answering";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "not answering";
        }
    }
}
