package dev.freshet.simulator.control;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts traffic per endpoint; safe to update from many request threads at once. */
public final class StatsRecorder {

    private final ConcurrentHashMap<String, Counters> endpoints = new ConcurrentHashMap<>();

    public void received(String endpoint, int symbols) {
        Counters counters = counters(endpoint);
        counters.requests.increment();
        counters.symbols.add(symbols);
    }

    public void answered(String endpoint, int status, long bytes) {
        Counters counters = counters(endpoint);
        counters.statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
        counters.bytes.add(bytes);
    }

    public void dropped(String endpoint) {
        counters(endpoint).dropped.increment();
    }

    public void reset() {
        endpoints.clear();
    }

    public Stats snapshot() {
        Map<String, EndpointStats> perEndpoint = new TreeMap<>();
        Map<Integer, Long> statuses = new TreeMap<>();
        long requests = 0;
        long bytes = 0;
        for (Map.Entry<String, Counters> entry : endpoints.entrySet()) {
            EndpointStats stats = entry.getValue().snapshot();
            perEndpoint.put(entry.getKey(), stats);
            requests += stats.requests();
            bytes += stats.bytesSent();
            stats.statuses().forEach((status, count) -> statuses.merge(status, count, Long::sum));
        }
        return new Stats(requests, bytes, statuses, perEndpoint);
    }

    private Counters counters(String endpoint) {
        return endpoints.computeIfAbsent(endpoint, e -> new Counters());
    }

    private static final class Counters {
        final LongAdder requests = new LongAdder();
        final LongAdder symbols = new LongAdder();
        final LongAdder bytes = new LongAdder();
        final LongAdder dropped = new LongAdder();
        final ConcurrentHashMap<Integer, LongAdder> statuses = new ConcurrentHashMap<>();

        EndpointStats snapshot() {
            Map<Integer, Long> byStatus = new TreeMap<>();
            statuses.forEach((status, count) -> byStatus.put(status, count.sum()));
            return new EndpointStats(requests.sum(), symbols.sum(), bytes.sum(), byStatus, dropped.sum());
        }
    }
}
