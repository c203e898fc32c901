package dev.freshet.simulator.polygon;

import java.util.Locale;
import java.util.Optional;

/** The bar sizes the simulator builds from its minute bars. */
public enum Timespan {
    MINUTE(1),
    HOUR(60),
    DAY(24 * 60);

    private final int minutes;

    Timespan(int minutes) {
        this.minutes = minutes;
    }

    public int minutes() {
        return minutes;
    }

    public String pathName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Timespan> parse(String text) {
        for (Timespan span : values()) {
            if (span.pathName().equals(text)) {
                return Optional.of(span);
            }
        }
        return Optional.empty();
    }
}
