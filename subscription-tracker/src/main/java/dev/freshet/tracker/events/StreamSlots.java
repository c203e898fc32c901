package dev.freshet.tracker.events;

import dev.freshet.shared.problem.ProblemException;
import dev.freshet.tracker.config.TrackerConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open event streams of this instance, capped per client and in total: each stream holds a
 * connection and a subscription to the notifications for as long as the client likes. A client's
 * count is dropped when its last stream closes, so the map holds no more entries than open streams.
 */
@ApplicationScoped
public class StreamSlots {

    private final int perClient;
    private final int total;
    private final Duration retryAfter;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> byClient = new ConcurrentHashMap<>();

    public StreamSlots(TrackerConfig config) {
        this.perClient = config.events().maxStreamsPerClient();
        this.total = config.events().maxStreams();
        this.retryAfter = config.events().capRetryAfter();
    }

    /**
     * Takes a slot for a new stream of the client, or throws the problem to answer with: 503 when the
     * instance is full, 429 when the client already holds its share. The returned slot must be released once.
     */
    public Slot acquire(String client) {
        if (open.incrementAndGet() > total) {
            open.decrementAndGet();
            throw new ProblemException(503, "Service unavailable", "this instance serves its maximum of " + total
                    + " event streams; retry later", List.of(), retryAfter);
        }
        boolean[] admitted = {false};
        byClient.compute(client, (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= perClient) {
                return n;
            }
            admitted[0] = true;
            return now + 1;
        });
        if (!admitted[0]) {
            open.decrementAndGet();
            throw ProblemException.tooManyRequests("client " + client + " already holds " + perClient
                    + " event streams, the most allowed; close one (one shared stream per page is enough)", retryAfter);
        }
        return new Slot(client);
    }

    /** Streams open now. */
    public int open() {
        return open.get();
    }

    /** One stream's hold on the caps; released when the stream ends, however it ends. */
    public final class Slot {
        private final String client;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(String client) {
            this.client = client;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                byClient.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
                open.decrementAndGet();
            }
        }
    }
}
