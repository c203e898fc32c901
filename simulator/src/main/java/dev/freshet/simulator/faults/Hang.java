package dev.freshet.simulator.faults;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Hold the request without answering: for {@code ms} and then answer normally, or, when {@code forever}, until the
 * knobs change or the simulator closes, and then drop the connection without an answer. Only the first
 * {@code requests} requests hang when that is set. Changing the knobs releases every hanging request at once.
 * Example: {@code {"ms":5000}}, {@code {"forever":true,"requests":1}}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Hang(Long ms, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean forever, Integer requests) {

    public Hang {
        Validation.require(forever || (ms != null && ms >= 0), "hang needs ms >= 0 or forever=true");
        Validation.require(requests == null || requests >= 0, "hang.requests must not be negative");
    }

    public static Hang millis(long ms) {
        return new Hang(ms, false, null);
    }

    public static Hang untilReleased() {
        return new Hang(null, true, null);
    }

    public Hang firstRequests(int count) {
        return new Hang(ms, forever, count);
    }
}
