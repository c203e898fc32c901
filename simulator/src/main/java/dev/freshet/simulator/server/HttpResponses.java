package dev.freshet.simulator.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/** Writes complete answers with an exact Content-Length, so clients never wait for a chunked end. */
public final class HttpResponses {

    public static final String JSON = "application/json";

    private HttpResponses() {
    }

    public static void send(HttpExchange exchange, int status, String contentType, byte[] body,
            Map<String, String> headers) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        boolean noBody = body.length == 0 || status == 204 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
