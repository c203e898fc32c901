package dev.freshet.launcher;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * `./freshet status` and `./freshet down` from another terminal: the stack is a real process found by the pid file
 * in its home, its services real HTTP servers.
 */
class StackControlTest {

    @TempDir
    Path home;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Process stack;
    private HttpServer services;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.destroyForcibly();
        }
        if (services != null) {
            services.stop(0);
        }
    }

    @Test
    void statusSaysNothingRunsWithoutAPidFile() {
        assertThat(control().status()).isEqualTo(StackControl.NOT_RUNNING);
        assertThat(out.toString()).contains("no stack runs from " + home);
        assertThat(control().down(Duration.ofSeconds(5))).as("down is a no-op").isZero();
    }

    @Test
    void statusShowsTheRunningStackAndEachServicesReadiness() throws Exception {
        startStack();

        assertThat(control().status()).isZero();

        String printed = out.toString();
        assertThat(printed).contains("running, pid " + stack.pid());
        assertThat(printed).as("asked on its management URL, where health answers")
                .containsPattern("tracker +http://localhost:\\d+/tracker-app +ready");
        assertThat(printed).as("the management URL is not a part of its own").doesNotContain("tracker-management");
        assertThat(printed).containsPattern("processor +http://localhost:\\d+/processor +not ready \\(503\\)");
        assertThat(printed).containsPattern("checker +http://localhost:\\d+ +not answering");
        assertThat(printed).contains("database   postgresql://localhost:5433/freshet");
    }

    @Test
    void downStopsTheStackOfAnotherTerminalAndRemovesItsFiles() throws Exception {
        startStack();

        assertThat(control().down(Duration.ofSeconds(30))).isZero();

        assertThat(stack.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(stack.exitValue()).as("stopped by SIGTERM, as Ctrl-C would").isEqualTo(143);
        assertThat(Files.exists(home.resolve(StackFile.PID_FILE))).isFalse();
        assertThat(Files.exists(home.resolve(StackFile.STACK_FILE))).isFalse();
        assertThat(out.toString()).contains("stopped");
    }

    @Test
    void aPidFileWhoseProcessIsGoneIsStaleAndRemoved() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        StackFile.write(home, gone.pid(), Map.of("database", "postgresql://localhost:5433/freshet"));

        assertThat(control().status()).isEqualTo(StackControl.NOT_RUNNING);
        assertThat(out.toString()).contains("pid " + gone.pid() + " is gone; its pid file was removed");
        assertThat(Files.exists(home.resolve(StackFile.PID_FILE))).isFalse();
        control().requireNoneRunning();
    }

    @Test
    void aSecondStackFromTheSameHomeIsRefused() throws Exception {
        startStack();

        assertThatThrownBy(() -> control().requireNoneRunning())
                .hasMessageContaining("a stack already runs from " + home + " (pid " + stack.pid() + ")")
                .hasMessageContaining("./freshet down");
    }

    private StackControl control() {
        return new StackControl(home, new PrintStream(out, true));
    }

    /**
     * A process standing for the launcher, and HTTP servers for its services: one ready (health on its management URL
     * only, as the services answer it), one not, one silent.
     */
    private void startStack() throws IOException {
        stack = new ProcessBuilder("sleep", "300").start();
        services = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        services.createContext("/tracker/q/health/ready", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        services.createContext("/processor/q/health/ready", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        services.start();
        String base = "http://localhost:" + services.getAddress().getPort();
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("database", "postgresql://localhost:5433/freshet");
        parts.put("tracker", base + "/tracker-app");
        parts.put("tracker" + StackFile.MANAGEMENT, base + "/tracker");
        // written before management URLs were recorded: asked on its own URL
        parts.put("processor", base + "/processor");
        parts.put("checker", "http://localhost:" + PortCheck.freePort());
        StackFile.write(home, stack.pid(), parts);
    }

}
