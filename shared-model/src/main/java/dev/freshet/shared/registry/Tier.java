package dev.freshet.shared.registry;

import java.time.Duration;

/** Freshness tiers with their default targets (how old data may get before it counts as stale). */
public enum Tier {
    CRITICAL(Duration.ofMinutes(15)), STANDARD(Duration.ofHours(1)), LOW(Duration.ofDays(1));

    private final Duration defaultTarget;

    Tier(Duration defaultTarget) {
        this.defaultTarget = defaultTarget;
    }

    public Duration defaultTarget() {
        return defaultTarget;
    }

    public String sql() {
        return name().toLowerCase();
    }

    public static Tier fromSql(String s) {
        return valueOf(s.toUpperCase());
    }
}
