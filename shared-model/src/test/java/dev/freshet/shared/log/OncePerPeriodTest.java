package dev.freshet.shared.log;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class OncePerPeriodTest {

    @Test
    void dueTheFirstTimePerKeyThenOnlyOnceThePeriodHasPassed() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-01-01T00:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        OncePerPeriod once = new OncePerPeriod(clock, Duration.ofMinutes(5));

        assertThat(once.due("a")).isTrue();
        assertThat(once.due("a")).isFalse();
        assertThat(once.due("b")).as("each key on its own").isTrue();
        now.set(now.get().plus(Duration.ofMinutes(5)));
        assertThat(once.due("a")).as("not before the period has passed").isFalse();
        now.set(now.get().plusSeconds(1));
        assertThat(once.due("a")).isTrue();
        assertThat(once.due("a")).isFalse();
    }
}
