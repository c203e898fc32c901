package dev.freshet.simulator.control;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.freshet.simulator.Json;
import dev.freshet.simulator.faults.Knobs;
import dev.freshet.simulator.server.HttpResponses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code /_control/...}: read and replace knobs, read stats, reset, health. Its own traffic is not counted in the
 * stats, so tests can poll it without disturbing what they assert.
 */
public final class ControlHandler implements HttpHandler {

    public static final String CONTEXT = "/_control/";

    private final SimulatorControl control;

    public ControlHandler(SimulatorControl control) {
        this.control = control;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String action = exchange.getRequestURI().getPath().substring(CONTEXT.length());
            String method = exchange.getRequestMethod();
            switch (method + " " + action) {
                case "GET knobs" -> ok(exchange, control.knobs());
                case "PUT knobs" -> replaceKnobs(exchange);
                case "GET stats" -> ok(exchange, control.stats());
                case "POST reset" -> {
                    control.reset();
                    HttpResponses.send(exchange, 204, HttpResponses.JSON, new byte[0], Map.of());
                }
                case "GET health" -> ok(exchange, Map.of("status", "UP"));
                default -> error(exchange, 404, "Unknown control request: " + method + " " + CONTEXT + action
                        + " (GET/PUT knobs, GET stats, POST reset, GET health)");
            }
        }
    }

    private void replaceKnobs(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Knobs knobs;
        try {
            knobs = body.isBlank() ? Knobs.none() : Knobs.fromJson(body);
        } catch (IllegalArgumentException e) {
            error(exchange, 400, e.getMessage());
            return;
        }
        control.knobs(knobs);
        ok(exchange, control.knobs());
    }

    private static void ok(HttpExchange exchange, Object body) throws IOException {
        HttpResponses.send(exchange, 200, HttpResponses.JSON, Json.bytes(body), Map.of());
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        HttpResponses.send(exchange, status, HttpResponses.JSON, Json.bytes(Map.of("error", message)), Map.of());
    }
}
