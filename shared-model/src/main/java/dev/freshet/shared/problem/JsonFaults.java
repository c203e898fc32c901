package dev.freshet.shared.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.stream.Collectors;

/** What was wrong with a request body, in a sentence that names the field and never echoes the input. */
final class JsonFaults {

    private JsonFaults() {
    }

    static String detail(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof UnstorableTextException u) {
            return u.getPath().isEmpty() ? "the request body holds text that " + StorableText.RULE
                    : "field '" + path(u) + "' " + StorableText.RULE;
        }
        if (e instanceof StreamConstraintsException || e.getCause() instanceof StreamConstraintsException) {
            return "the request body exceeds a JSON limit (nesting depth " + StrictJson.MAX_NESTING_DEPTH
                    + ", strings of " + StrictJson.MAX_STRING_LENGTH + " characters, numbers of "
                    + StrictJson.MAX_NUMBER_LENGTH + " digits, field names of " + StrictJson.MAX_NAME_LENGTH + " characters)";
        }
        if (e instanceof TooManyEntriesException t) {
            return "field '" + path(t) + "' holds more than " + t.max() + " entries, at most " + t.max() + " are allowed";
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field '" + u.getPropertyName() + "'";
        }
        if (message.startsWith("Duplicate field")) {
            return "the request body repeats a field" + quotedName(message);
        }
        if (message.startsWith("Trailing token")) {
            return "the request body has more content after its JSON value";
        }
        if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            return message.startsWith("Cannot coerce") || !(e instanceof InvalidFormatException)
                    ? "field '" + path(m) + "' has the wrong JSON type"
                    : "field '" + path(m) + "' has an invalid value";
        }
        return "the request body is not valid JSON";
    }

    private static String quotedName(String message) {
        int open = message.indexOf('\'');
        int close = open < 0 ? -1 : message.indexOf('\'', open + 1);
        return close > open + 1 ? " ('" + message.substring(open + 1, close) + "')" : "";
    }

    private static String path(MismatchedInputException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
