package dev.freshet.simulator.faults;

/** Knob records check themselves on construction, so a bad PUT is refused before it changes anything. */
final class Validation {

    private Validation() {
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
