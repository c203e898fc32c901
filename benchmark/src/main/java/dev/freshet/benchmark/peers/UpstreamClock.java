package dev.freshet.benchmark.peers;

import dev.freshet.simulator.Simulator;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
