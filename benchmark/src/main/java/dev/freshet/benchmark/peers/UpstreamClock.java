package dev.freshet.benchmark.peers;

import dev.freshet.simulator.Simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The zero-latency upstream, the simulator in this process, seen on this process's monotonic clock: when
 * a call for a symbol arrives (the earliest moment of a job's handler this process can observe, as the
 * processor is another JVM) and when the last answer went out.
 */
public final class UpstreamClock implements AutoCloseable {

    private final Map<String, CompletableFuture<Long>> awaited = new ConcurrentHashMap<>();
    private final AtomicLong answered = new AtomicLong();
    private volatile long lastAnswerNanos;
    private final Simulator simulator;

    public UpstreamClock() {
        simulator = Simulator.builder().port(0).arrivals(this::arrived).requestLog(line -> {
            lastAnswerNanos = System.nanoTime();
            answered.incrementAndGet();
        }).start();
    }

    public String baseUrl() {
        return simulator.baseUrl();
    }

    /**
     * Answers {@code requests} calls for {@code path} (with {@code {i}} replaced by the call's number) over
     * {@code connections} keep-alive connections, so the upstream's own code is compiled before a test starts. The
     * upstream stands in for a provider's server that has been up for days: its JIT warm-up, on the two cores the
     * processor under test uses too, is not the processor's cost. Returns the calls answered.
     */
    public long warm(String path, int requests, int connections) throws Exception {
        long before = answered.get();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (ExecutorService pool = Executors.newFixedThreadPool(connections)) {
            List<Future<?>> each = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                int first = c;
                each.add(pool.submit(() -> {
                    for (int i = first; i < requests; i += connections) {
                        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path.replace("{i}", Integer.toString(i))))
                                .GET().build();
                        HttpResponse<Void> answer = client.send(request, HttpResponse.BodyHandlers.discarding());
                        if (answer.statusCode() != 200) {
                            throw new IOException("upstream warm-up call answered " + answer.statusCode());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : each) {
                f.get();
            }
        } finally {
            client.close();
        }
        return answered.get() - before;
    }

    /** Completes with the nanoTime at which a one-symbol call for {@code symbol} arrives. */
    public CompletableFuture<Long> arrivalOf(String symbol) {
        return awaited.computeIfAbsent(symbol, s -> new CompletableFuture<>());
    }

    private void arrived(URI uri) {
        long now = System.nanoTime();
        String query = uri.getQuery();
        if (query == null || awaited.isEmpty()) {
            return;
        }
        for (String part : query.split("&")) {
            if (part.startsWith("symbol=")) {
                CompletableFuture<Long> f = awaited.remove(part.substring("symbol=".length()));
                if (f != null) {
                    f.complete(now);
                }
            }
        }
    }

    /** Calls answered so far. */
    public long answered() {
        return answered.get();
    }

    public long lastAnswerNanos() {
        return lastAnswerNanos;
    }

    @Override
    public void close() {
        simulator.close();
    }
}
