package dev.freshet.shared.identifier;

/** A table or column name that must not reach SQL text. */
public class InvalidIdentifierException extends IllegalArgumentException {
    public InvalidIdentifierException(String message) {
        super(message);
    }
}
