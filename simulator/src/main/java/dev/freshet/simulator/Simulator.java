package dev.freshet.simulator;

import com.sun.net.httpserver.HttpServer;
import dev.freshet.simulator.control.ControlHandler;
import dev.freshet.simulator.control.SimulatorControl;
import dev.freshet.simulator.control.Stats;
import dev.freshet.simulator.control.StatsRecorder;
import dev.freshet.simulator.faults.FaultEngine;
import dev.freshet.simulator.faults.Knobs;
import dev.freshet.simulator.server.ApiHandler;
import dev.freshet.simulator.server.Routes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The market-data simulator: an HTTP server imitating the upstream APIs, deterministic per symbol and minute, with
 * fault knobs that can be changed while it runs.
 *
 * <pre>{@code
 * try (Simulator sim = Simulator.start(0)) {          // 0 = any free port
 *     sim.knobs(Knobs.endpoint("quote", Faults.none().withErrors(ErrorInjection.everyNth(2))));
 *     ... call sim.baseUrl() + "/stable/quote?symbol=AAPL" ...
 *     assertThat(sim.stats().requests("quote")).isEqualTo(2);
 * }
 * }</pre>
 */
public final class Simulator implements SimulatorControl, AutoCloseable {

    static {
        // The JDK server leaves Nagle's algorithm on by default; with small keep-alive answers that adds ~40 ms
        // delayed-ACK stalls, which would blur latency tests and slow every suite using the simulator.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    public static final int DEFAULT_PORT = 8090;

    private final HttpServer server;
    private final ExecutorService executor;
    private final FaultEngine faults;
    private final StatsRecorder stats = new StatsRecorder();

    private Simulator(Builder builder) {
        this.faults = new FaultEngine(builder.knobs, builder.clock);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            InetAddress address = builder.bindAddress == null
                    ? InetAddress.getLoopbackAddress()
                    : InetAddress.getByName(builder.bindAddress);
            this.server = HttpServer.create(new InetSocketAddress(address, builder.port), 256);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown bind address: " + builder.bindAddress, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + builder.port, e);
        }
        server.setExecutor(executor);
        server.createContext("/", new ApiHandler(Routes.all(), faults, stats, builder.clock, builder.requestLog,
                builder.arrivals));
        server.createContext(ControlHandler.CONTEXT, new ControlHandler(this));
        server.start();
        Warmup.startOnce();
    }

    /** Starts on {@code port} (0 = a free port) with no faults, on the loopback interface. */
    public static Simulator start(int port) {
        return builder().port(port).start();
    }

    public static Simulator start(int port, Knobs knobs) {
        return builder().port(port).knobs(knobs).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://localhost:PORT}, without a trailing slash. */
    public String baseUrl() {
        return "http://localhost:" + port();
    }

    /** The absolute URI of a path such as {@code "/stable/quote?symbol=AAPL"}. */
    public URI uri(String pathAndQuery) {
        return URI.create(baseUrl() + pathAndQuery);
    }

    @Override
    public Knobs knobs() {
        return faults.knobs();
    }

    /** Replaces all knobs; counters of the previous knobs start over and hanging requests are released. */
    @Override
    public void knobs(Knobs knobs) {
        faults.install(Objects.requireNonNull(knobs, "knobs"));
    }

    @Override
    public Stats stats() {
        return stats.snapshot();
    }

    /** Clears the stats but keeps the knobs. */
    public void resetStats() {
        stats.reset();
    }

    @Override
    public void reset() {
        faults.install(Knobs.none());
        stats.reset();
    }

    /** Stops at once: hanging and delayed requests are dropped, not waited for. */
    @Override
    public void close() {
        faults.close();
        server.stop(0);
        executor.shutdownNow();
    }

    public static final class Builder {

        private int port = DEFAULT_PORT;
        private String bindAddress;
        private Knobs knobs = Knobs.none();
        private Clock clock = Clock.systemUTC();
        private Consumer<String> requestLog;
        private Consumer<URI> arrivals;

        private Builder() {
        }

        /** 0 picks a free port; the default is {@value Simulator#DEFAULT_PORT}. */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /** Interface to listen on; the loopback interface by default (e.g. "0.0.0.0" to serve a container). */
        public Builder bindAddress(String value) {
            this.bindAddress = value;
            return this;
        }

        public Builder knobs(Knobs value) {
            this.knobs = Objects.requireNonNull(value, "knobs");
            return this;
        }

        /**
         * The clock the data is generated for, which also ends the bursts that last some seconds. A fixed
         * clock makes HTTP answers exactly predictable with {@link MarketData}; a test moves its clock to end
         * a timed burst. Latency and hangs always run on real time.
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Receives one line per answered request; none by default. */
        public Builder requestLog(Consumer<String> value) {
            this.requestLog = value;
            return this;
        }

        /**
         * Receives each API request's URI as it arrives, before any knob delays or answers it; none by default. A
         * program running the simulator in its own process times a client's call reaching the upstream on its own
         * clock with it (the peers benchmark's "handler entered").
         */
        public Builder arrivals(Consumer<URI> value) {
            this.arrivals = value;
            return this;
        }

        public Simulator start() {
            return new Simulator(this);
        }
    }
}
