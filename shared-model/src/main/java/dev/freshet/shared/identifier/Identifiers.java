package dev.freshet.shared.identifier;

import java.util.regex.Pattern;

/**
 * SQL identifiers that come from the registry (table and column names). Only plain lower-case ASCII
 * names are accepted, so a validated name can never carry a quote, a space, a semicolon or a Unicode
 * look-alike; they are still always quoted where they are used, so reserved words work too.
 */
public final class Identifiers {

    /** PostgreSQL truncates identifiers at 63 bytes; a longer name would silently mean another one. */
    public static final int MAX_LENGTH = 63;

    private static final Pattern VALID = Pattern.compile("^[a-z_][a-z0-9_]{0," + (MAX_LENGTH - 1) + "}$");

    private Identifiers() {
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /** Returns the name when valid, otherwise throws with a message naming what is wrong. */
    public static String requireValid(String what, String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidIdentifierException(what + " is missing");
        }
        if (name.length() > MAX_LENGTH) {
            throw new InvalidIdentifierException(what + " is longer than " + MAX_LENGTH + " characters");
        }
        if (!VALID.matcher(name).matches()) {
            throw new InvalidIdentifierException(what + " '" + printable(name)
                    + "' is not a plain identifier (lower-case ASCII letters, digits and underscores, not starting with a digit)");
        }
        return name;
    }

    /** The validated name in double quotes, ready to be placed in SQL text. */
    public static String quote(String name) {
        return '"' + requireValid("identifier", name) + '"';
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(80).forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7f) {
                b.appendCodePoint(cp);
            } else {
                b.append(String.format("\\u%04x", cp));
            }
        });
        return b.toString();
    }
}
