package dev.freshet.testsupport.edge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, so a test can send exactly the bytes it means to (malformed escapes,
 * invalid UTF-8, ambiguous framing) and see exactly what comes back, or that nothing did.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /**
     * @param status  -1 when no status line arrived
     * @param timedOut the deadline passed before the answer was complete
     * @param closed  the server closed the connection after (or instead of) answering
     */
    public record Answer(int status, Map<String, String> headers, byte[] body, boolean timedOut, boolean closed) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String summary() {
            String text = bodyText();
            return (timedOut ? "no complete answer in time; " : "") + "status " + status + " " + header("content-type")
                    + " " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
        }
    }

    /**
     * Sends the request (a whole HTTP message) and reads one answer, never waiting past {@code deadline}.
     * With {@code watchClose}, also waits a moment to see whether the server closes the connection.
     */
    public static Answer exchange(int port, byte[] request, Duration deadline, boolean watchClose) {
        long end = System.nanoTime() + deadline.toNanos();
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout((int) Math.max(1, deadline.toMillis()));
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // The server may answer and close before it has read everything (a 413, for one): read the answer.
            }
            return read(socket.getInputStream(), socket, end, watchClose);
        } catch (IOException e) {
            throw new IllegalStateException("cannot talk to localhost:" + port + ": " + e.getMessage(), e);
        }
    }

    private static Answer read(InputStream in, Socket socket, long end, boolean watchClose) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[16384];
        int headerEnd = -1;
        Map<String, String> headers = new LinkedHashMap<>();
        int status = -1;
        long contentLength = -1;
        boolean chunked = false;
        try {
            while (true) {
                long left = (end - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return new Answer(status, headers, body(all, headerEnd, chunked), true, false);
                }
                socket.setSoTimeout((int) left);
                int n = in.read(buf);
                if (n < 0) {
                    return new Answer(status(all), headers(all), body(all, headerEnd(all), isChunked(all)), false, true);
                }
                all.write(buf, 0, n);
                if (headerEnd < 0) {
                    headerEnd = headerEnd(all);
                    if (headerEnd >= 0) {
                        status = status(all);
                        headers = headers(all);
                        contentLength = headers.containsKey("content-length") ? Long.parseLong(headers.get("content-length").trim()) : -1;
                        chunked = isChunked(all);
                    }
                }
                if (headerEnd >= 0 && !chunked && contentLength >= 0 && all.size() - headerEnd >= contentLength) {
                    return new Answer(status, headers, body(all, headerEnd, false), false, watchClose && closedSoon(in, socket));
                }
                if (headerEnd >= 0 && chunked && endsWith(all, "0\r\n\r\n")) {
                    return new Answer(status, headers, body(all, headerEnd, true), false, watchClose && closedSoon(in, socket));
                }
            }
        } catch (SocketTimeoutException e) {
            return new Answer(status, headers, body(all, headerEnd, chunked), true, false);
        } catch (IOException e) {
            // A reset after the answer is a close.
            return new Answer(status(all), headers(all), body(all, headerEnd(all), isChunked(all)), false, true);
        }
    }

    /** Whether the server closes the connection within a moment after a complete answer. */
    private static boolean closedSoon(InputStream in, Socket socket) {
        try {
            socket.setSoTimeout(2000);
            return in.read() < 0;
        } catch (IOException e) {
            return !(e instanceof SocketTimeoutException);
        }
    }

    private static int headerEnd(ByteArrayOutputStream all) {
        byte[] b = all.toByteArray();
        for (int i = 0; i + 3 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    private static int status(ByteArrayOutputStream all) {
        String head = new String(all.toByteArray(), StandardCharsets.ISO_8859_1);
        if (!head.startsWith("HTTP/") || head.indexOf(' ') < 0 || head.length() < head.indexOf(' ') + 4) {
            return -1;
        }
        int sp = head.indexOf(' ');
        try {
            return Integer.parseInt(head.substring(sp + 1, sp + 4));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Map<String, String> headers(ByteArrayOutputStream all) {
        Map<String, String> out = new LinkedHashMap<>();
        int end = headerEnd(all);
        if (end < 0) {
            return out;
        }
        String[] lines = new String(all.toByteArray(), 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                out.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        return out;
    }

    private static boolean isChunked(ByteArrayOutputStream all) {
        return "chunked".equalsIgnoreCase(headers(all).getOrDefault("transfer-encoding", ""));
    }

    private static byte[] body(ByteArrayOutputStream all, int headerEnd, boolean chunked) {
        byte[] b = all.toByteArray();
        if (headerEnd < 0 || headerEnd > b.length) {
            return new byte[0];
        }
        byte[] raw = java.util.Arrays.copyOfRange(b, headerEnd, b.length);
        return chunked ? dechunk(raw) : raw;
    }

    private static byte[] dechunk(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < raw.length) {
            int lineEnd = indexOfCrlf(raw, i);
            if (lineEnd < 0) {
                break;
            }
            String sizeLine = new String(raw, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size;
            try {
                size = Integer.parseInt(sizeLine, 16);
            } catch (NumberFormatException e) {
                break;
            }
            if (size == 0 || lineEnd + 2 + size > raw.length) {
                break;
            }
            out.write(raw, lineEnd + 2, size);
            i = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOfCrlf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static boolean endsWith(ByteArrayOutputStream all, String suffix) {
        byte[] b = all.toByteArray();
        byte[] s = suffix.getBytes(StandardCharsets.ISO_8859_1);
        if (b.length < s.length) {
            return false;
        }
        for (int i = 0; i < s.length; i++) {
            if (b[b.length - s.length + i] != s[i]) {
                return false;
            }
        }
        return true;
    }
}
