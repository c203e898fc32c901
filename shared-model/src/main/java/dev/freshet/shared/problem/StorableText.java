package dev.freshet.shared.problem;

/**
 * Text PostgreSQL can store: a UTF8 database refuses NUL, and an unpaired surrogate has no UTF-8
 * form at all. Every path segment, query parameter and JSON string is checked against this before
 * anything reaches SQL, so such input is a 400 naming the field instead of a 500 from the driver.
 */
public final class StorableText {

    public static final String RULE = "must not contain NUL or an unpaired surrogate";

    private StorableText() {
    }

    /** @return the index of the first character PostgreSQL cannot store, or -1 when all can be stored */
    public static int firstUnstorable(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return i;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    public static boolean storable(CharSequence s) {
        return firstUnstorable(s) < 0;
    }

    /**
     * A bounded, printable copy for problem bodies and logs: control characters and unpaired
     * surrogates become U+FFFD, and anything past {@code max} characters is cut with an ellipsis.
     */
    public static String printable(String s, int max) {
        if (s == null) {
            return null;
        }
        int end = Math.min(s.length(), max);
        if (end < s.length() && end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        StringBuilder b = new StringBuilder(end + 1);
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            boolean pairedHigh = Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1));
            if (pairedHigh) {
                b.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c) || (Character.isISOControl(c) && c != '\n' && c != '\t')) {
                b.append('\uFFFD');
            } else {
                b.append(c);
            }
        }
        if (end < s.length()) {
            b.append('…');
        }
        return b.toString();
    }
}
