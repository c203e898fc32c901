package dev.freshet.admin.quotas;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/** For each window of a provider: how much is left and, at the recent rate, when it runs out. */
@RegisterForReflection
public record QuotaForecast(String provider, Instant asOf, long rateWindowSeconds, List<Window> windows) {

    /**
     * @param effectiveLimit   the limit less the safety margin: what the processors will spend
     * @param remaining        effective limit less used and reserved, never below zero
     * @param ratePerSecond    calls or bytes per second over the recent period
     * @param resetsAt         when a fixed window starts over; null for a rolling window
     * @param exhaustedAt      projected time the budget runs out at the current rate; null when it
     *                         does not run out (before the window resets)
     */
    @RegisterForReflection
    public record Window(String window, String unit, long limit, long effectiveLimit, long used, long reserved,
                         long remaining, double ratePerSecond, Instant resetsAt, Instant exhaustedAt, boolean exhausted) {
    }
}
