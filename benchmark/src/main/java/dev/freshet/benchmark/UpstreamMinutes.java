package dev.freshet.benchmark;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * FMP's requests as the simulator received them, per minute of arrival (this machine's clock, which the database's
 * shares): what the provider saw in each minute, to set beside what the processor settled in {@code api_usage}.
 * Polygon's endpoints ({@code /v2/}, {@code /v3/}) are another provider's budget and are left out.
 */
public final class UpstreamMinutes implements Consumer<URI> {

    private final Map<Long, LongAdder> byMinute = new ConcurrentHashMap<>();

    @Override
    public void accept(URI uri) {
        String path = uri.getPath();
        if (path == null || path.startsWith("/v2/") || path.startsWith("/v3/")) {
            return;
        }
        byMinute.computeIfAbsent(System.currentTimeMillis() / 60_000, k -> new LongAdder()).increment();
    }

    /** FMP requests that arrived in the minute starting at {@code epochSeconds}. */
    public long at(double epochSeconds) {
        LongAdder n = byMinute.get((long) Math.floor(epochSeconds / 60));
        return n == null ? 0 : n.sum();
    }
}
