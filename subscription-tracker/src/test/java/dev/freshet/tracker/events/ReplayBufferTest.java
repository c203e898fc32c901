package dev.freshet.tracker.events;

import dev.freshet.tracker.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayBufferTest {

    private final TestClock clock = new TestClock();

    private static RefreshedEvent event(String symbol) {
        return new RefreshedEvent(symbol, "quote", Instant.parse("2025-01-02T10:00:00Z"));
    }

    @Test
    void resumesFromAnyIdWhoseFollowersAreAllStillKept() {
        ReplayBuffer buffer = new ReplayBuffer(3, Duration.ofMinutes(2), clock);
        String start = buffer.id(buffer.position());
        ReplayBuffer.Stamped a = buffer.append(event("A"));
        buffer.append(event("B"));
        buffer.append(event("C"));

        assertThat(buffer.resumable(start)).contains(0L);
        assertThat(buffer.after(buffer.resumable(a.id()).orElseThrow())).extracting(s -> s.event().symbol()).containsExactly("B", "C");

        buffer.append(event("D"));
        assertThat(buffer.resumable(start)).as("A was evicted: resuming from before it would miss it").isEmpty();
        assertThat(buffer.resumable(a.id())).contains(1L);
    }

    @Test
    void eventsOlderThanTheWindowAreNoLongerReplayable() {
        ReplayBuffer buffer = new ReplayBuffer(100, Duration.ofMinutes(2), clock);
        String start = buffer.id(buffer.position());
        buffer.append(event("A"));
        clock.advance(Duration.ofMinutes(3));
        assertThat(buffer.resumable(start)).isEmpty();
    }

    @Test
    void idsOfAnotherInstanceOrMalformedOnesAreNotResumable() {
        ReplayBuffer buffer = new ReplayBuffer(100, Duration.ofMinutes(2), clock);
        ReplayBuffer other = new ReplayBuffer(100, Duration.ofMinutes(2), clock);
        buffer.append(event("A"));
        other.append(event("A"));
        assertThat(buffer.resumable(other.id(1))).isEmpty();
        assertThat(buffer.resumable(buffer.id(1))).contains(1L);
        assertThat(buffer.resumable(buffer.id(2))).as("an id from the future").isEmpty();
        assertThat(buffer.resumable("nonsense")).isEmpty();
        assertThat(buffer.resumable(buffer.id(1) + "x")).isEmpty();
    }
}
