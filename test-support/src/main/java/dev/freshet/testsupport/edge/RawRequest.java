package dev.freshet.testsupport.edge;

import java.nio.charset.StandardCharsets;

/** One generated request: what it tries (for the failure report) and its exact bytes. */
public record RawRequest(String label, byte[] bytes) {

    /** The start of the request, printable, for a failure message. */
    public String excerpt() {
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        int headEnd = s.indexOf("\r\n\r\n");
        String head = headEnd < 0 ? s : s.substring(0, headEnd);
        String firstLine = head.contains("\r\n") ? head.substring(0, head.indexOf("\r\n")) : head;
        String body = headEnd < 0 ? "" : s.substring(headEnd + 4);
        return cut(firstLine, 200) + (body.isEmpty() ? "" : " body " + cut(body, 200));
    }

    private static String cut(String s, int max) {
        StringBuilder b = new StringBuilder();
        for (char c : (s.length() > max ? s.substring(0, max) + "…(" + s.length() + " chars)" : s).toCharArray()) {
            b.append(c < 0x20 || c > 0x7E && c < 0xA0 ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }
}
