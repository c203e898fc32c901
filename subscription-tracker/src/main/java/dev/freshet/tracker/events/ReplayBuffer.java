package dev.freshet.tracker.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The last refresh events of this instance, numbered, so a stream that dropped for a short while
 * resumes where it was: the recent events after its last id are replayed. Bounded in count and age;
 * an id it can no longer serve (evicted, from before a restart or from another instance) is answered
 * with {@link Optional#empty()}, and the stream is then told to re-read instead.
 * <p>
 * An id is {@code <epoch>-<sequence>}: the epoch is random per start, so an id from another instance
 * or an earlier run never matches a sequence number it does not mean.
 */
final class ReplayBuffer {

    /** A numbered refresh event. */
    record Stamped(long seq, String id, Instant at, RefreshedEvent event) {
    }

    private final String epoch = UUID.randomUUID().toString().substring(0, 8);
    private final int capacity;
    private final Duration window;
    private final Clock clock;
    private final ArrayDeque<Stamped> events = new ArrayDeque<>();
    private long last;
    private long evictedThrough;

    ReplayBuffer(int capacity, Duration window, Clock clock) {
        this.capacity = capacity;
        this.window = window;
        this.clock = clock;
    }

    synchronized Stamped append(RefreshedEvent e) {
        Instant now = clock.instant();
        Stamped s = new Stamped(++last, id(last), now, e);
        if (capacity > 0) {
            events.addLast(s);
        }
        evict(now);
        return s;
    }

    /** The id of the newest event so far: a stream that starts now has seen everything up to it. */
    synchronized long position() {
        return last;
    }

    String id(long seq) {
        return epoch + "-" + seq;
    }

    /**
     * The sequence number an id stands for, when the events after it can all still be replayed;
     * empty for a malformed id, one of another epoch, or one older than what was evicted.
     */
    synchronized Optional<Long> resumable(String lastEventId) {
        evict(clock.instant());
        int dash = lastEventId.lastIndexOf('-');
        if (dash < 0 || !lastEventId.substring(0, dash).equals(epoch)) {
            return Optional.empty();
        }
        long seq;
        try {
            seq = Long.parseLong(lastEventId.substring(dash + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return seq >= evictedThrough && seq <= last ? Optional.of(seq) : Optional.empty();
    }

    /** The buffered events after a sequence number, oldest first. */
    synchronized List<Stamped> after(long seq) {
        List<Stamped> out = new ArrayList<>();
        for (Stamped s : events) {
            if (s.seq() > seq) {
                out.add(s);
            }
        }
        return out;
    }

    private void evict(Instant now) {
        Instant oldest = now.minus(window);
        while (!events.isEmpty() && (events.size() > capacity || events.peekFirst().at().isBefore(oldest))) {
            evictedThrough = events.removeFirst().seq();
        }
        if (capacity == 0) {
            evictedThrough = last;
        }
    }
}
