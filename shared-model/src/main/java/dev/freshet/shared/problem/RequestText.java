package dev.freshet.shared.problem;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a request target's path segments and query parameters as the resources will see them, but
 * strictly: a malformed percent-escape, raw non-ASCII, bytes that are not UTF-8, or a character
 * PostgreSQL cannot store is a problem naming the segment or parameter, decided before any resource runs.
 */
final class RequestText {

    private static final int NAME_SHOWN = 64;

    private RequestText() {
    }

    /** @return the problem with this path and query, or null when every part can be read and stored */
    static Problem problem(String path, String query) {
        if (path != null) {
            String[] segments = path.split("/", -1);
            for (int i = 0; i < segments.length; i++) {
                String fault = fault(segments[i], false);
                if (fault != null) {
                    return bad("path segment " + i + " " + fault);
                }
            }
        }
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&", -1)) {
                int eq = pair.indexOf('=');
                String rawName = eq < 0 ? pair : pair.substring(0, eq);
                String nameFault = fault(rawName, true);
                if (nameFault != null) {
                    return bad("a query parameter name " + nameFault);
                }
                if (eq >= 0) {
                    String valueFault = fault(pair.substring(eq + 1), true);
                    if (valueFault != null) {
                        String name = decode(rawName, true);
                        return bad("query parameter '" + StorableText.printable(name, NAME_SHOWN) + "' " + valueFault);
                    }
                }
            }
        }
        return null;
    }

    private static Problem bad(String detail) {
        return Problem.of(400, "Bad Request", detail);
    }

    /** @return why this raw part cannot be read, or null */
    private static String fault(String raw, boolean plusIsSpace) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || hex(raw.charAt(i + 1)) < 0 || hex(raw.charAt(i + 2)) < 0) {
                    return "has a malformed percent-escape";
                }
                i += 2;
            } else if (c < 0x21 || c > 0x7E) {
                return "holds a raw character outside printable ASCII; percent-encode it as UTF-8";
            }
        }
        String text = decode(raw, plusIsSpace);
        if (text == null) {
            return "is not valid UTF-8 once percent-decoded";
        }
        return StorableText.storable(text) ? null : StorableText.RULE;
    }

    /** @return the percent-decoded text, or null when its bytes are not UTF-8 (the escapes are known good) */
    private static String decode(String raw, boolean plusIsSpace) {
        if (raw.indexOf('%') < 0) {
            return plusIsSpace ? raw.replace('+', ' ') : raw;
        }
        ByteBuffer bytes = ByteBuffer.allocate(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0 && hex(raw.charAt(i + 2)) >= 0) {
                bytes.put((byte) (hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2))));
                i += 2;
            } else {
                bytes.put((byte) (plusIsSpace && c == '+' ? ' ' : c));
            }
        }
        bytes.flip();
        try {
            CharBuffer text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return text.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
