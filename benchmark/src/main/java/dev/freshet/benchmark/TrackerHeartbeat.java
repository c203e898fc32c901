package dev.freshet.benchmark;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Issue 3: heartbeats per second and their latency with 1,000 clients each viewing 10 symbols × 3
 * data types (quote, profile, ratios-ttm), closed loop with a fixed number of concurrent callers.
 * Reference: the same loop against the tracker's no-op liveness endpoint (on its management port). The load comes from one
 * Vert.x HTTP client (event loop, keep-alive pool) in the benchmark JVM, on the same machine. The
 * subscriptions queue thousands of refreshes: one run is measured while the processor drains them,
 * the repeated runs once the queue is empty.
 */
public final class TrackerHeartbeat implements Scenario {

    private static final int CLIENTS = 1000;
    private static final int SYMBOLS_PER_CLIENT = 10;
    private static final int SYMBOL_POOL = 2000;
    private static final int CONCURRENCY = 64;

    @Override
    public String name() {
        return "tracker-heartbeat";
    }

    @Override
    public List<Result> run(BenchContext ctx) throws Exception {
        URI tracker = URI.create(ctx.stack().url("subscription-tracker"));
        Duration window = Duration.ofMillis((long) Math.max(3000, 10_000 * ctx.scale()));
        Vertx vertx = Vertx.vertx();
        HttpClient http = client(vertx, tracker);
        // the liveness endpoint is on the management interface, a listener of its own in the same process
        HttpClient management = client(vertx, URI.create(ctx.stack().managementUrl("subscription-tracker")));
        try {
            ctx.progress("subscribing %d clients to %d symbols × 3 data types".formatted(CLIENTS, SYMBOLS_PER_CLIENT));
            Load join = load(http, Duration.ofDays(1), CLIENTS, i -> new Call(HttpMethod.POST, "/v1/subscriptions/batch", subscribe(i)));
            if (join.errors() > 0) {
                throw new IllegalStateException(join.errors() + " subscriptions failed");
            }

            // the subscriptions queued ~6,000 refreshes: one measurement while the processor drains
            // them on the same cores, then the runs on a quiet queue
            Load draining = load(http, window, Integer.MAX_VALUE,
                    i -> new Call(HttpMethod.POST, "/v1/heartbeat", "{\"clientId\":\"bench-%d\"}".formatted(i % CLIENTS)));
            Load drainingRef = load(management, window, Integer.MAX_VALUE, i -> new Call(HttpMethod.GET, "/q/health/live", null));
            ctx.progress("while refreshes drain: heartbeats %.0f/s p50 %.2f ms p99 %.2f ms; liveness %.0f/s"
                    .formatted(draining.rate(), draining.percentile(50), draining.percentile(99), drainingRef.rate()));
            long drainStart = System.nanoTime();
            long drainDeadline = drainStart + Duration.ofMinutes(3).toNanos();
            while (ctx.sql().number("select count(*) from refresh_jobs") > 0 && System.nanoTime() < drainDeadline) {
                Thread.sleep(200);
            }
            double drainedAfter = (System.nanoTime() - drainStart) / 1e9;
            ctx.progress("queue drained %.1f s later".formatted(drainedAfter));

            List<Double> rate = new ArrayList<>();
            List<Double> p50 = new ArrayList<>();
            List<Double> p99 = new ArrayList<>();
            List<Double> refRate = new ArrayList<>();
            List<Double> refP50 = new ArrayList<>();
            List<Double> refP99 = new ArrayList<>();
            int errors = 0;
            for (int r = 0; r < ctx.runs(); r++) {
                Load ours = load(http, window, Integer.MAX_VALUE,
                        i -> new Call(HttpMethod.POST, "/v1/heartbeat", "{\"clientId\":\"bench-%d\"}".formatted(i % CLIENTS)));
                Load reference = load(management, window, Integer.MAX_VALUE, i -> new Call(HttpMethod.GET, "/q/health/live", null));
                errors += ours.errors();
                rate.add(ours.rate());
                p50.add(ours.percentile(50));
                p99.add(ours.percentile(99));
                refRate.add(reference.rate());
                refP50.add(reference.percentile(50));
                refP99.add(reference.percentile(99));
                ctx.progress("heartbeats %.0f/s p50 %.2f ms p99 %.2f ms (errors %d); liveness %.0f/s"
                        .formatted(ours.rate(), p50.getLast(), p99.getLast(), ours.errors(), reference.rate()));
            }
            String note = ("%d clients × %d symbols × 3 types (%d presence rows), %d concurrent callers, %d s per run, %d non-200, "
                    + "queue of refreshes drained").formatted(CLIENTS, SYMBOLS_PER_CLIENT, CLIENTS * SYMBOLS_PER_CLIENT * 3, CONCURRENCY,
                    window.toSeconds(), errors + draining.errors());
            String drainNote = "one run right after subscribing, while the processor drained the refreshes they queued "
                    + "(the queue was empty %.0f s after it)".formatted(drainedAfter);
            return List.of(
                    new Result(name(), "POST /v1/heartbeat, draining", "throughput", "req/s", Result.Summary.of(List.of(draining.rate())),
                            Result.Summary.of(List.of(drainingRef.rate())), "GET /q/health/live", drainNote),
                    new Result(name(), "POST /v1/heartbeat, draining", "p99 latency", "ms", Result.Summary.of(List.of(draining.percentile(99))),
                            Result.Summary.of(List.of(drainingRef.percentile(99))), "GET /q/health/live", drainNote),
                    new Result(name(), "POST /v1/heartbeat", "throughput", "req/s", Result.Summary.of(rate),
                            Result.Summary.of(refRate), "GET /q/health/live", note),
                    new Result(name(), "POST /v1/heartbeat", "p50 latency", "ms", Result.Summary.of(p50),
                            Result.Summary.of(refP50), "GET /q/health/live", note),
                    new Result(name(), "POST /v1/heartbeat", "p99 latency", "ms", Result.Summary.of(p99),
                            Result.Summary.of(refP99), "GET /q/health/live", note));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static HttpClient client(Vertx vertx, URI base) {
        return vertx.createHttpClient(new HttpClientOptions().setDefaultHost(base.getHost())
                .setDefaultPort(base.getPort()).setKeepAlive(true).setMaxPoolSize(CONCURRENCY));
    }

    private static String subscribe(int client) {
        StringBuilder symbols = new StringBuilder();
        for (int s = 0; s < SYMBOLS_PER_CLIENT; s++) {
            symbols.append(s == 0 ? "" : ",").append("\"HB").append((client * 7 + s * 131) % SYMBOL_POOL).append('"');
        }
        return "{\"clientId\":\"bench-%d\",\"symbols\":[%s],\"dataTypes\":[\"quote\",\"profile\",\"ratios-ttm\"]}"
                .formatted(client, symbols);
    }

    record Call(HttpMethod method, String path, String json) {
    }

    /** Latencies (ms) of a closed loop of {@code CONCURRENCY} callers, for {@code window} or {@code maxRequests}. */
    record Load(List<Double> latencies, int errors, double seconds) {
        double rate() {
            return latencies.size() / seconds;
        }

        double percentile(double p) {
            return Samples.percentileOf(latencies, p);
        }
    }

    /** A closed loop of {@code CONCURRENCY} asynchronous callers, each sending its next call when the last is answered. */
    private static Load load(HttpClient http, Duration window, int maxRequests, IntFunction<Call> calls) throws InterruptedException {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + window.toNanos();
        CountDownLatch done = new CountDownLatch(CONCURRENCY);
        for (int c = 0; c < CONCURRENCY; c++) {
            callNext(http, calls, next, maxRequests, end, latencies, errors, done);
        }
        if (!done.await(window.toMillis() + 120_000, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("load did not finish");
        }
        return new Load(latencies, errors.get(), (System.nanoTime() - start) / 1e9);
    }

    private static void callNext(HttpClient http, IntFunction<Call> calls, AtomicInteger next, int maxRequests, long end,
                                 List<Double> latencies, AtomicInteger errors, CountDownLatch done) {
        int i;
        if (System.nanoTime() >= end || (i = next.getAndIncrement()) >= maxRequests) {
            done.countDown();
            return;
        }
        Call call = calls.apply(i);
        long t0 = System.nanoTime();
        http.request(call.method(), call.path())
                .compose(req -> {
                    // a request left unanswered counts as an error instead of stalling the loop for good
                    req.idleTimeout(10_000);
                    if (call.json() == null) {
                        return req.send();
                    }
                    req.putHeader("content-type", "application/json");
                    return req.send(call.json());
                })
                .compose(resp -> resp.body().map(b -> resp.statusCode()))
                .onComplete(ar -> {
                    latencies.add((System.nanoTime() - t0) / 1e6);
                    if (ar.failed() || ar.result() != 200) {
                        if (errors.incrementAndGet() <= 3) {
                            System.out.println("bench    | " + call.method() + " " + call.path() + ": "
                                    + (ar.failed() ? ar.cause().toString() : "HTTP " + ar.result()));
                        }
                    }
                    callNext(http, calls, next, maxRequests, end, latencies, errors, done);
                });
    }
}
