package dev.freshet.simulator.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.freshet.simulator.Endpoints;
import dev.freshet.simulator.Json;
import dev.freshet.simulator.control.StatsRecorder;
import dev.freshet.simulator.faults.BodyFaults;
import dev.freshet.simulator.faults.FaultEngine.RequestPlan;
import dev.freshet.simulator.faults.FaultEngine;
import dev.freshet.simulator.faults.Faults;
import dev.freshet.simulator.market.Symbols;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Answers the imitated API paths. Per request, in order: count it, wait out latency and hang knobs, answer 429 or an
 * error status if a knob says so, else build the data and pass it through the body knobs (empty, record count,
 * broken prices, padding, malformed).
 */
public final class ApiHandler implements HttpHandler {

    private final List<Route> routes;
    private final FaultEngine faults;
    private final StatsRecorder stats;
    private final Clock clock;
    private final Consumer<String> requestLog;
    private final Consumer<URI> arrivals;

    public ApiHandler(List<Route> routes, FaultEngine faults, StatsRecorder stats, Clock clock,
            Consumer<String> requestLog, Consumer<URI> arrivals) {
        this.routes = routes;
        this.faults = faults;
        this.stats = stats;
        this.clock = clock;
        this.requestLog = requestLog;
        this.arrivals = arrivals;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long startedNanos = System.nanoTime();
        if (arrivals != null) {
            arrivals.accept(exchange.getRequestURI());
        }
        String endpoint = Endpoints.UNKNOWN;
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = ApiRequest.parseQuery(exchange.getRequestURI().getRawQuery());
            RouteMatch match = find(path);
            Outcome outcome;
            if (match == null) {
                stats.received(Endpoints.UNKNOWN, 0);
                outcome = json(404, Map.of("error", "Unknown endpoint: " + exchange.getRequestMethod() + " " + path));
            } else {
                endpoint = match.route().endpoint();
                stats.received(endpoint, symbolCount(match.route(), query));
                outcome = answer(exchange, match.route(), query, match.pathParams());
            }
            if (outcome == null) {
                stats.dropped(endpoint);
                log(exchange, "dropped", 0, startedNanos);
                return;
            }
            send(exchange, endpoint, outcome);
            log(exchange, String.valueOf(outcome.status()), outcome.body().length, startedNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stats.dropped(endpoint);
        } catch (IOException e) {
            // The client went away (typically it timed out during a hang); nothing left to answer.
            stats.dropped(endpoint);
        }
    }

    private RouteMatch find(String path) {
        for (Route route : routes) {
            List<String> pathParams = route.match(path);
            if (pathParams != null) {
                return new RouteMatch(route, pathParams);
            }
        }
        return null;
    }

    /** Null means: close the connection without answering. */
    private Outcome answer(HttpExchange exchange, Route route, Map<String, String> query, List<String> pathParams)
            throws InterruptedException {
        if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
            return json(405, route.api().errorBody("Method " + exchange.getRequestMethod() + " not allowed"));
        }
        RequestPlan plan = faults.plan(route.endpoint());
        if (plan.latencyMillis() > 0) {
            Thread.sleep(plan.latencyMillis());
        }
        if (!plan.sitOutHang()) {
            return null;
        }
        if (plan.rateLimited()) {
            byte[] body = Json.bytes(route.api().errorBody(route.api().rateLimitMessage()));
            return new Outcome(429, HttpResponses.JSON, body,
                    Map.of("Retry-After", String.valueOf(plan.retryAfterSeconds())));
        }
        if (plan.errorStatus() != null) {
            return json(plan.errorStatus(), route.api().errorBody("Simulated upstream failure"));
        }
        Faults body = plan.faults();
        Instant asOf = clock.instant().minusSeconds(body.staleSecondsOrZero());
        ApiRequest request = new ApiRequest(query, pathParams, asOf, body.records(), baseUrl(exchange));
        try {
            Object data = body.wantsEmptyResults() ? route.emptyAnswer().apply(request) : route.answer().apply(request);
            return new Outcome(200, HttpResponses.JSON, render(data, body), Map.of());
        } catch (BadRequest e) {
            return json(400, route.api().errorBody(e.getMessage()));
        } catch (RuntimeException e) {
            return json(500, route.api().errorBody("Simulator failure: " + e));
        }
    }

    private static byte[] render(Object data, Faults body) {
        boolean rewrites = body.records() != null || body.insanePrice() != null || body.padToBytes() != null;
        if (!rewrites) {
            byte[] bytes = Json.bytes(data);
            return body.malformed() != null ? BodyFaults.malformed(bytes, body.malformed()) : bytes;
        }
        JsonNode tree = Json.MAPPER.valueToTree(data);
        if (body.records() != null) {
            tree = BodyFaults.resize(tree, body.records());
        }
        if (body.insanePrice() != null) {
            BodyFaults.breakPrices(tree, body.insanePrice());
        }
        byte[] bytes = body.padToBytes() != null ? BodyFaults.padded(tree, body.padToBytes()) : Json.bytes(tree);
        return body.malformed() != null ? BodyFaults.malformed(bytes, body.malformed()) : bytes;
    }

    private void send(HttpExchange exchange, String endpoint, Outcome outcome) throws IOException {
        // Counted before writing: a client that has read the answer must already see it in the stats.
        stats.answered(endpoint, outcome.status(), outcome.body().length);
        HttpResponses.send(exchange, outcome.status(), outcome.contentType(), outcome.body(), outcome.headers());
    }

    private static int symbolCount(Route route, Map<String, String> query) {
        if (query.containsKey("symbols")) {
            return Symbols.splitList(query.get("symbols")).size();
        }
        return query.containsKey("symbol") || route.endpoint().equals(Endpoints.AGGS) ? 1 : 0;
    }

    /** The address the client used, so {@code next_url} works through port mappings too. */
    private static String baseUrl(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null || host.isBlank()) {
            host = "localhost:" + exchange.getLocalAddress().getPort();
        }
        return "http://" + host;
    }

    private static Outcome json(int status, Object body) {
        return new Outcome(status, HttpResponses.JSON, Json.bytes(body), Map.of());
    }

    private void log(HttpExchange exchange, String result, int bytes, long startedNanos) {
        if (requestLog != null) {
            long millis = (System.nanoTime() - startedNanos) / 1_000_000;
            requestLog.accept(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " -> " + result + " ("
                    + bytes + " B, " + millis + " ms)");
        }
    }

    private record RouteMatch(Route route, List<String> pathParams) {
    }

    private record Outcome(int status, String contentType, byte[] body, Map<String, String> headers) {
    }
}
