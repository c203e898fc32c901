package dev.freshet.processor.complete;

import dev.freshet.shared.handler.RetrySettings;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: after the n-th attempt the nominal delay is base * 2^(n-1),
 * capped; the actual delay is drawn from its upper half, so retries of many jobs spread out while
 * the schedule (1 s, 2 s, 4 s, ...) stays recognisable.
 */
public final class Backoff {

    private Backoff() {
    }

    public static Duration nominal(RetrySettings settings, int attempts) {
        int exp = Math.min(Math.max(attempts - 1, 0), 30);
        long ms = settings.base().toMillis() * (1L << exp);
        return Duration.ofMillis(Math.min(ms, settings.cap().toMillis()));
    }

    public static Duration jittered(RetrySettings settings, int attempts) {
        long nominal = nominal(settings, attempts).toMillis();
        long half = nominal / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(nominal - half + 1));
    }
}
