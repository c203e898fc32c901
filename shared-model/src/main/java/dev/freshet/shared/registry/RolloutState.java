package dev.freshet.shared.registry;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Where a data type stands in its adoption: {@code off} → {@code shadow} → {@code live}, and
 * {@code paused}. Only a live data type writes its live table; only shadow and live ones are fetched.
 */
public enum RolloutState {
    /** Nothing fetched or queued; viewers are answered {@code disabled}; another system owns the data. */
    OFF,
    /** Fetched and compared: results are recorded in {@code shadow_writes}, the live table is left alone. */
    SHADOW,
    /** Fetched and written to the live table. */
    LIVE,
    /** Held: viewers answered {@code disabled}, nothing queued, queued jobs left unclaimed until resumed. */
    PAUSED;

    public String sql() {
        return name().toLowerCase();
    }

    public static RolloutState fromSql(String s) {
        return valueOf(s.toUpperCase());
    }

    /** The state a text names, if any ({@code "live"}, {@code "shadow"}, …). */
    public static Optional<RolloutState> parse(String s) {
        return Arrays.stream(values()).filter(v -> v.sql().equals(s)).findFirst();
    }

    /** Fetched by Freshet: jobs are queued and claimed. */
    public boolean active() {
        return this == SHADOW || this == LIVE;
    }

    /** The states this one may change to: one step forward, pause and resume, and a one-step rollback. */
    public Set<RolloutState> next() {
        return switch (this) {
            case OFF -> Set.of(SHADOW);
            case SHADOW -> Set.of(OFF, LIVE, PAUSED);
            case LIVE -> Set.of(OFF, SHADOW, PAUSED);
            case PAUSED -> Set.of(OFF, SHADOW, LIVE);
        };
    }
}
