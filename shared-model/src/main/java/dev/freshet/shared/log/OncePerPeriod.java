package dev.freshet.shared.log;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Says whether a recurring fault of one key is worth a log line now: at most once per period per key,
 * so a failing check on the request path logs once, not once per request.
 */
public final class OncePerPeriod {

    private final Clock clock;
    private final Duration period;
    private final Map<String, Instant> last = new ConcurrentHashMap<>();

    public OncePerPeriod(Clock clock, Duration period) {
        this.clock = clock;
        this.period = period;
    }

    /** True the first time for a key and again once the period has passed since the last true. */
    public boolean due(String key) {
        Instant now = clock.instant();
        Instant before = last.get(key);
        if (before != null && !before.plus(period).isBefore(now)) {
            return false;
        }
        last.put(key, now);
        return true;
    }
}
