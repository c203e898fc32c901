package dev.freshet.testsupport;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * A Polygon-shaped aggregates upstream over real HTTP (WireMock): {@code /v2/aggs/ticker/{symbol}/range/1/minute/{from}/{to}}
 * with unix-millisecond bounds, both inclusive, serving {@link MinuteBars} for every complete minute
 * in range (never the current one), up to {@code limit}; an empty range has no {@code results} field,
 * as Polygon's. The {@code polygon} provider points here. Per symbol, a test can make every answer
 * empty or every second request fail with HTTP 500.
 */
public class PolygonStub implements QuarkusTestResourceLifecycleManager {

    private static final String PATH = "/v2/aggs/ticker/([^/]+)/range/1/minute/(\\d+)/(\\d+)";
    private static WireMockServer server;
    private static final Set<String> EMPTY = ConcurrentHashMap.newKeySet();
    private static final Map<String, AtomicInteger> FAILING = new ConcurrentHashMap<>();

    /** One served request: the bounds asked for and the status answered. */
    public record Call(Instant from, Instant to, int status) {
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().extensions(new Aggregates()));
        server.start();
        server.stubFor(get(urlPathMatching(PATH)).willReturn(aResponse().withTransformers(Aggregates.NAME)));
        return Map.of("freshet.providers.polygon.base-url", "http://localhost:" + server.port());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    public static void alwaysEmpty(String symbol) {
        EMPTY.add(symbol);
    }

    public static void failEverySecondRequest(String symbol) {
        FAILING.put(symbol, new AtomicInteger());
    }

    /** The requests for a symbol's bars, oldest first. */
    public static List<Call> calls(String symbol) {
        return server.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().startsWith("/v2/aggs/ticker/" + symbol + "/"))
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                .map(e -> {
                    String[] p = URI.create(e.getRequest().getUrl()).getPath().split("/");
                    return new Call(Instant.ofEpochMilli(Long.parseLong(p[p.length - 2])),
                            Instant.ofEpochMilli(Long.parseLong(p[p.length - 1])), e.getResponse().getStatus());
                }).toList();
    }

    private static final class Aggregates implements ResponseDefinitionTransformerV2 {

        static final String NAME = "minute-aggregates";

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            URI uri = URI.create(event.getRequest().getUrl());
            String[] p = uri.getPath().split("/");
            String symbol = p[4];
            long from = Long.parseLong(p[p.length - 2]);
            long to = Long.parseLong(p[p.length - 1]);
            AtomicInteger failing = FAILING.get(symbol);
            if (failing != null && failing.incrementAndGet() % 2 == 0) {
                return new ResponseDefinitionBuilder().withStatus(500).withBody("{\"status\":\"ERROR\"}").build();
            }
            int limit = 5000;
            String query = uri.getQuery() == null ? "" : uri.getQuery();
            for (String kv : query.split("&")) {
                if (kv.startsWith("limit=")) {
                    limit = Integer.parseInt(kv.substring(6));
                }
            }
            long lastComplete = Math.floorDiv(System.currentTimeMillis(), MinuteBars.MINUTE_MS) - 1;
            long first = Math.ceilDiv(from, MinuteBars.MINUTE_MS);
            long last = Math.min(Math.floorDiv(to, MinuteBars.MINUTE_MS), lastComplete);
            JsonArray results = new JsonArray();
            for (long m = first; m <= last && results.size() < limit && !EMPTY.contains(symbol); m++) {
                results.add(MinuteBars.bar(symbol, m).json());
            }
            JsonObject body = new JsonObject().put("ticker", symbol).put("queryCount", results.size())
                    .put("resultsCount", results.size()).put("adjusted", true);
            if (!results.isEmpty()) {
                body.put("results", results);
            }
            body.put("status", "OK").put("request_id", "stub").put("count", results.size());
            return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody(body.encode()).build();
        }
    }
}
