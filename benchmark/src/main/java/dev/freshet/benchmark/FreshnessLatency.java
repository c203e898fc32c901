package dev.freshet.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Issue 10: a viewer subscribes to a missing profile and waits on its event stream; the time from
 * the subscribe call to the {@code refreshed} event (tracker → queue → processor → simulator →
 * upsert → NOTIFY → tracker → SSE). Simulator latency 0 ms. Reference: one direct HTTP request to
 * the simulator for the same data (the upstream round trip every refresh needs at least).
 */
public final class FreshnessLatency implements Scenario {

    private static final int VIEWS = 100;
    private static int runCounter;

    @Override
    public String name() {
        return "freshness-e2e";
    }

    @Override
    public List<Result> run(BenchContext ctx) throws Exception {
        String tracker = ctx.stack().url("subscription-tracker");
        String simulator = ctx.stack().simulator().baseUrl();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<Double> p50 = new ArrayList<>();
        List<Double> p95 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> ref50 = new ArrayList<>();
        List<Double> ref95 = new ArrayList<>();
        List<Double> ref99 = new ArrayList<>();
        for (int r = 0; r < ctx.runs(); r++) {
            String prefix = "FR" + (++runCounter) + "X";
            List<Double> ours = new ArrayList<>();
            List<Double> reference = new ArrayList<>();
            for (int i = 0; i < VIEWS; i++) {
                String symbol = prefix + i;
                ours.add(subscribeAndAwaitEvent(http, tracker, symbol, i));
                long t0 = System.nanoTime();
                http.send(HttpRequest.newBuilder(URI.create(simulator + "/stable/profile?symbol=" + symbol)).build(),
                        HttpResponse.BodyHandlers.ofString());
                reference.add((System.nanoTime() - t0) / 1e6);
            }
            p50.add(Samples.percentileOf(ours, 50));
            p95.add(Samples.percentileOf(ours, 95));
            p99.add(Samples.percentileOf(ours, 99));
            ref50.add(Samples.percentileOf(reference, 50));
            ref95.add(Samples.percentileOf(reference, 95));
            ref99.add(Samples.percentileOf(reference, 99));
            ctx.progress("subscribe→SSE p50 %.1f ms p95 %.1f ms p99 %.1f ms; direct upstream p50 %.1f ms"
                    .formatted(p50.getLast(), p95.getLast(), p99.getLast(), ref50.getLast()));
        }
        String note = VIEWS + " missing profiles viewed one at a time, simulator latency 0 ms, processor defaults";
        return List.of(
                new Result(name(), "missing profile", "p50 subscribe→SSE event", "ms", Result.Summary.of(p50),
                        Result.Summary.of(ref50), "direct upstream GET p50", note),
                new Result(name(), "missing profile", "p95 subscribe→SSE event", "ms", Result.Summary.of(p95),
                        Result.Summary.of(ref95), "direct upstream GET p95", note),
                new Result(name(), "missing profile", "p99 subscribe→SSE event", "ms", Result.Summary.of(p99),
                        Result.Summary.of(ref99), "direct upstream GET p99", note));
    }

    private static double subscribeAndAwaitEvent(HttpClient http, String tracker, String symbol, int viewer) throws Exception {
        HttpResponse<Stream<String>> events = http.send(HttpRequest.newBuilder(
                        URI.create(tracker + "/v1/events?symbols=" + symbol + "&dataTypes=profile")).build(),
                HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = events.body()) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext() && !it.next().startsWith(":connected")) {
                // the stream is open once the tracker says so
            }
            long t0 = System.nanoTime();
            CompletableFuture<Long> event = CompletableFuture.supplyAsync(() -> {
                while (it.hasNext()) {
                    String line = it.next();
                    if (line.startsWith("event:") && line.substring(6).strip().equals("refreshed")) {
                        return System.nanoTime();
                    }
                }
                throw new IllegalStateException("event stream of " + symbol + " ended");
            }, command -> Thread.ofVirtual().start(command));
            HttpResponse<String> subscribed = http.send(HttpRequest.newBuilder(URI.create(tracker + "/v1/subscriptions"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"clientId\":\"fresh-%d\",\"symbol\":\"%s\",\"dataTypes\":[\"profile\"]}"
                            .formatted(viewer, symbol))).build(), HttpResponse.BodyHandlers.ofString());
            if (subscribed.statusCode() != 200) {
                throw new IllegalStateException("subscribe " + symbol + ": " + subscribed.statusCode() + " " + subscribed.body());
            }
            return (event.get(60, TimeUnit.SECONDS) - t0) / 1e6;
        }
    }
}
