package dev.freshet.shared.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/** A JSON array of a request body holds more entries than its field allows: refused while it is read, not after. */
public class TooManyEntriesException extends MismatchedInputException {

    private final int max;

    public TooManyEntriesException(JsonParser p, int max) {
        super(p, "more than " + max + " entries", (Class<?>) null);
        this.max = max;
    }

    public int max() {
        return max;
    }
}
