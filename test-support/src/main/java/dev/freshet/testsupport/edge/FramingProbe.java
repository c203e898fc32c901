package dev.freshet.testsupport.edge;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Raw-socket requests whose framing is ambiguous or broken (Content-Length with Transfer-Encoding,
 * a repeated Content-Length, garbage request lines, header floods): each must get an answer at
 * once and leave the connection closed; none may hold the connection open waiting for more bytes.
 */
public final class FramingProbe {

    /** Generous: this finds hangs, it does not measure speed. */
    public static final Duration DEADLINE = Duration.ofSeconds(10);

    /** A case: its bytes, and whether the answer must be problem+json (the HTTP codec answers some cases bare). */
    public record Case(String label, byte[] bytes, boolean problemJson) {
    }

    private FramingProbe() {
    }

    /** @param postPath a path that accepts a JSON POST on this service */
    public static List<Case> cases(String postPath, String authorization) {
        String auth = authorization == null ? "" : "Authorization: " + authorization + "\r\n";
        String post = "POST " + postPath + " HTTP/1.1\r\nHost: localhost\r\n" + auth + "Content-Type: application/json\r\n";
        StringBuilder flood = new StringBuilder("GET " + postPath + " HTTP/1.1\r\nHost: localhost\r\n");
        for (int i = 0; i < 3000; i++) {
            flood.append("X-Flood-").append(i).append(": y\r\n");
        }
        return List.of(
                new Case("Content-Length and Transfer-Encoding", ascii(post + "Content-Length: 7\r\nTransfer-Encoding: chunked\r\n\r\n{\"a\":1}"), true),
                new Case("Transfer-Encoding and Content-Length", ascii(post + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n5\r\n{\"a\":\r\n0\r\n\r\n"), true),
                new Case("Transfer-Encoding alone, body never ends", ascii(post + "Transfer-Encoding: chunked\r\n\r\n{\"a\":1}"), true),
                new Case("odd Transfer-Encoding", ascii(post + "Transfer-Encoding: gzip, chunked\r\nContent-Length: 2\r\n\r\n{}"), true),
                new Case("two equal Content-Length headers", ascii(post + "Content-Length: 7\r\nContent-Length: 7\r\n\r\n{\"a\":1}"), false),
                new Case("two different Content-Length headers", ascii(post + "Content-Length: 2\r\nContent-Length: 7\r\n\r\n{\"a\":1}"), false),
                new Case("Content-Length not a number", ascii(post + "Content-Length: seven\r\n\r\n{\"a\":1}"), false),
                new Case("Content-Length larger than the body", ascii(post + "Content-Length: 5000000\r\n\r\n{\"a\":1}"), true),
                new Case("garbage request line", ascii("GARBAGE\r\n\r\n"), false),
                new Case("request line without a version", ascii("GET /\r\n\r\n"), false),
                new Case("NUL in the request line", ascii("GET /\u0000 HTTP/1.1\r\nHost: localhost\r\n\r\n"), false),
                new Case("control bytes, then garbage", ascii("\u0001\u0002GARBAGE\u0000\r\n\r\n"), false),
                new Case("header flood", ascii(flood + "\r\n"), false),
                new Case("one huge header", ascii("GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "z".repeat(100_000) + "\r\n\r\n"), false),
                new Case("huge request line", ascii("GET /" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n"), false),
                new Case("header without a colon", ascii("GET / HTTP/1.1\r\nHost: localhost\r\nNoColonHere\r\n\r\n"), false));
    }

    /** Runs every case; throws with all failures at once. */
    public static void run(int port, String postPath, String authorization) {
        List<String> failures = new ArrayList<>();
        for (Case c : cases(postPath, authorization)) {
            RawHttp.Answer a = RawHttp.exchange(port, c.bytes(), DEADLINE, true);
            String fault = a.timedOut() ? "no answer within " + DEADLINE.toSeconds() + " s"
                    : a.status() < 400 || a.status() >= 500 ? "status " + a.status()
                    : !a.closed() ? "the connection stayed open"
                    : c.problemJson() ? EdgeProbe.fault(a) : null;
            if (fault != null) {
                failures.add(c.label() + ": " + fault + "; " + a.summary());
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("framing cases not answered at once with the connection closed:\n  " + String.join("\n  ", failures));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
