package dev.freshet.shared.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/** A JSON string (or field name) holds a character PostgreSQL cannot store; see {@link StorableText}. */
public class UnstorableTextException extends MismatchedInputException {

    public UnstorableTextException(JsonParser p, Class<?> targetType) {
        super(p, "text " + StorableText.RULE, targetType);
    }
}
