package dev.freshet.tracker;

import io.restassured.RestAssured;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HTTP/1.1 over a socket bound to a chosen loopback address, so a test can call from a trusted proxy's
 * address (127.0.0.2) or from any other (127.0.0.1), and keep an event stream open as long as it likes.
 */
public final class RawHttp implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader in;
    public final int status;
    public final Map<String, String> headers = new LinkedHashMap<>();

    private RawHttp(Socket socket, int status, BufferedReader in) {
        this.socket = socket;
        this.status = status;
        this.in = in;
    }

    /** Sends one request from the given local address; reads the status line and the headers. */
    public static RawHttp send(String from, String method, String target, Map<String, String> headers, String body) {
        try {
            Socket s = new Socket(InetAddress.getByName("127.0.0.1"), RestAssured.port, InetAddress.getByName(from), 0);
            s.setSoTimeout(20_000);
            StringBuilder req = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: localhost\r\n");
            headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                req.append("Content-Type: application/json\r\nContent-Length: ").append(payload.length).append("\r\n");
            }
            req.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String statusLine = in.readLine();
            RawHttp r = new RawHttp(s, Integer.parseInt(statusLine.split(" ")[1]), in);
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                int colon = line.indexOf(':');
                r.headers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body of a non-streaming answer (by its Content-Length). */
    public String body() {
        try {
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            char[] buf = new char[length];
            int read = 0;
            while (read < length) {
                int n = in.read(buf, read, length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            return new String(buf, 0, read);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
