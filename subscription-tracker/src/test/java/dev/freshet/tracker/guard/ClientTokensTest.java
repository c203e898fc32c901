package dev.freshet.tracker.guard;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientTokensTest {

    private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes!";
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-05T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void aSecretShorterThan32BytesStopsTheStart() {
        assertThatThrownBy(() -> new ClientTokens(Optional.of("short-secret"), Duration.ofHours(24), clock))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("at least 32");
        assertThat(new ClientTokens(Optional.empty(), Duration.ofHours(24), clock).required()).isFalse();
    }

    @Test
    void aTokenLivingLongerThanTheMaximumIsRefusedEvenWhenCorrectlySigned() {
        ClientTokens lenient = new ClientTokens(Optional.of(SECRET), Duration.ofDays(3650), clock);
        ClientTokens tokens = new ClientTokens(Optional.of(SECRET), Duration.ofHours(24), clock);
        String forYears = lenient.issue("c1", clock.instant().plus(Duration.ofDays(365)));
        String forAnHour = lenient.issue("c1", clock.instant().plus(Duration.ofHours(1)));

        assertThat(tokens.verify(forYears)).isEmpty();
        assertThat(tokens.verify(forAnHour)).contains("c1");
        assertThatThrownBy(() -> tokens.issue("c1", clock.instant().plus(Duration.ofDays(2))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
