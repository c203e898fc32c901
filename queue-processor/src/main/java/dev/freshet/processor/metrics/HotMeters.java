package dev.freshet.processor.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counters and timers recorded for every job or call, each looked up in the registry once: the
 * registry's own look-up builds and sorts the tags and a meter id on every call, which showed in
 * the processor's per-job CPU. The tags are the meters' own (providers, data types, outcomes), so
 * the cache holds no more meters than the registry does.
 */
@ApplicationScoped
public class HotMeters {

    private final MeterRegistry registry;
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
    private final Map<List<String>, Timer> timers = new ConcurrentHashMap<>();

    public HotMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @param tags tag names and values, alternating */
    public Counter counter(String name, String... tags) {
        return counters.computeIfAbsent(key(name, tags), k -> registry.counter(name, tags));
    }

    /** @param tags tag names and values, alternating */
    public Timer timer(String name, String... tags) {
        return timers.computeIfAbsent(key(name, tags), k -> registry.timer(name, tags));
    }

    private static List<String> key(String name, String[] tags) {
        String[] key = Arrays.copyOf(new String[] {name}, tags.length + 1);
        System.arraycopy(tags, 0, key, 1, tags.length);
        return Arrays.asList(key);
    }
}
