package dev.freshet.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * 200 new symbols subscribed at once with the budget lifted: for each, the time from the subscribe
 * answer to its SSE {@code refreshed} event, and to the first {@code /v1/freshness} answer that says
 * fresh when the front-end re-reads on the event (the documented stale-while-revalidate pattern;
 * a read that is not fresh yet is repeated every 10 ms). Each front-end reads under its own client
 * id, as browsers would, so the per-client rate limit does not stand in for freshness. Whether reads
 * agree with events is told apart from how long a read takes under the burst: for the read that first
 * answers fresh both the moment it was sent and the moment its answer came are kept, and every read
 * sent after the event that still answered not fresh is counted.
 */
final class SubscribeBurst {

    static final int SYMBOLS = 200;
    private static int runCounter;

    /**
     * @param fresh       the first fresh answer's arrival
     * @param freshAsked  the moment that read was sent
     * @param staleReads  reads sent after the event that answered not fresh
     */
    record Figures(List<Double> sse, List<Double> fresh, List<Double> freshAsked, int missed, long staleReads) {
    }

    private SubscribeBurst() {
    }

    /**
     * {@code bursts} bursts one after another, new symbols each, on one tracker started for them: the first ones
     * warm the just-started tracker up (its first answers run in the interpreter and load classes; a tracker in
     * service has long been warm), the last one is what a running tracker does. Every burst is logged.
     */
    static List<Figures> run(BenchContext ctx, String tracker, String dataType, int bursts) throws Exception {
        // each of the burst's users comes from an address of its own, as behind an ingress: from one address the
        // readers would share its rate limit and measure that instead of the refresh (the tracker trusts the local
        // proxy for the bursts only, then starts again as it was, on its own port)
        int port = URI.create(tracker).getPort();
        String management = restartTracker(ctx, port, BEHIND_LOCAL_PROXY);
        try {
            int count = Math.max(1, bursts);
            List<Figures> figures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                figures.add(measure(ctx, tracker, management, dataType, i == count - 1 ? "measured" : "warm-up"));
            }
            return figures;
        } finally {
            restartTracker(ctx, port);
        }
    }

    /** The tracker's options to take each user's address from {@code X-Forwarded-For}, as behind an ingress on this machine. */
    static final String[] BEHIND_LOCAL_PROXY = {"-Dquarkus.http.proxy.proxy-address-forwarding=true",
            "-Dquarkus.http.proxy.trusted-proxies=127.0.0.1,[::1]"};

    /** Starts the tracker again with {@code properties}; returns its management address. */
    static String restartTracker(BenchContext ctx, int port, String... properties) throws Exception {
        ctx.stack().stop("subscription-tracker");
        ctx.stack().clearServiceProperties("subscription-tracker").serviceProperties("subscription-tracker", properties);
        return ctx.stack().startInstance("subscription-tracker", port, Duration.ofMinutes(3)).managementUrl();
    }

    /** The tracker's own count and total seconds of its {@code /v1/freshness} answers so far, from its metrics. */
    private static double[] serverFreshnessTime(HttpClient http, String management) {
        double[] countAndSum = new double[2];
        try {
            String metrics = http.send(HttpRequest.newBuilder(URI.create(management + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            metrics.lines().filter(l -> l.contains("uri=\"/v1/freshness/")).forEach(l -> {
                double value = Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
                if (l.startsWith("http_server_requests_seconds_count")) {
                    countAndSum[0] += value;
                } else if (l.startsWith("http_server_requests_seconds_sum")) {
                    countAndSum[1] += value;
                }
            });
        } catch (Exception e) {
            // no figure: reported as NaN
            return new double[]{Double.NaN, Double.NaN};
        }
        return countAndSum;
    }

    /** The {@code i}-th user's own address, for {@code X-Forwarded-For} (distinct for the first 64,000 users). */
    static String userAddress(int i) {
        return "10.0." + (i / 250) + "." + (i % 250 + 1);
    }

    private static Figures measure(BenchContext ctx, String tracker, String management, String dataType, String role) throws Exception {
        String prefix = "BU" + (++runCounter) + "X";
        // HTTP/1.1 as a browser speaks to a cleartext origin; the JDK client would otherwise ask every connection to upgrade to h2c
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(16, Thread.ofPlatform().daemon().factory()))
                .connectTimeout(Duration.ofSeconds(10)).build();
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < SYMBOLS; i++) {
            symbols.add(prefix + i);
        }
        double[] serverBefore = serverFreshnessTime(http, management);
        Map<String, Long> answered = new ConcurrentHashMap<>();
        Map<String, Long> evented = new ConcurrentHashMap<>();
        Map<String, Long> freshAt = new ConcurrentHashMap<>();
        Map<String, Long> freshAskedAt = new ConcurrentHashMap<>();
        AtomicLong staleReads = new AtomicLong();
        STALE_BY.clear();
        double[] serverAfter = null;
        List<CompletableFuture<?>> streams = new ArrayList<>();
        List<CompletableFuture<?>> reads = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            for (int from = 0; from < SYMBOLS; from += 100) {
                List<String> part = symbols.subList(from, Math.min(SYMBOLS, from + 100));
                CompletableFuture<Void> opened = new CompletableFuture<>();
                streams.add(http.sendAsync(HttpRequest.newBuilder(URI.create(tracker + "/v1/events?symbols=" + String.join(",", part)
                                + "&dataTypes=" + dataType)).header("X-Client-Id", "burst-sse-" + from)
                                .header("X-Forwarded-For", "10.1.0." + (from / 100 + 1)).build(),
                        HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> {
                            try (Stream<String> lines = r.body()) {
                                lines.forEach(line -> {
                                    if (line.startsWith(":connected")) {
                                        opened.complete(null);
                                    } else if (line.startsWith("data:")) {
                                        String symbol = part.stream().filter(s -> line.contains("\"" + s + "\"")).findFirst().orElse(null);
                                        if (symbol != null && evented.putIfAbsent(symbol, System.nanoTime()) == null) {
                                            reads.add(CompletableFuture.runAsync(() -> reReadUntilFresh(http, tracker, dataType, symbol,
                                                    userAddress(symbols.indexOf(symbol)), freshAt, freshAskedAt, staleReads),
                                                    command -> Thread.ofVirtual().start(command)));
                                        }
                                    }
                                });
                            }
                        }));
                opened.get(30, TimeUnit.SECONDS);
            }
            List<CompletableFuture<?>> subscribes = new ArrayList<>();
            for (int i = 0; i < SYMBOLS; i++) {
                String symbol = symbols.get(i);
                subscribes.add(http.sendAsync(HttpRequest.newBuilder(URI.create(tracker + "/v1/subscriptions"))
                                .header("content-type", "application/json").header("X-Forwarded-For", userAddress(i))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"clientId\":\"burst-%d\",\"symbol\":\"%s\",\"dataTypes\":[\"%s\"]}"
                                        .formatted(i, symbol, dataType))).build(), HttpResponse.BodyHandlers.discarding())
                        .thenAccept(r -> answered.put(symbol, System.nanoTime())));
            }
            CompletableFuture.allOf(subscribes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            long deadline = System.currentTimeMillis() + 60_000;
            while (freshAt.size() < SYMBOLS && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            serverAfter = serverFreshnessTime(http, management);
            logQuietReads(ctx, http, tracker, dataType, symbols, role);
        } finally {
            if (serverAfter == null) {
                serverAfter = serverFreshnessTime(http, management);
            }
            streams.forEach(f -> f.cancel(true));
            // cancelling the futures leaves the event streams open: only closing the client ends them, and a burst's
            // streams left open count against the tracker's stream cap for the next one
            http.shutdownNow();
        }
        List<Double> sse = new ArrayList<>();
        List<Double> fresh = new ArrayList<>();
        List<Double> asked = new ArrayList<>();
        int missed = 0;
        for (String s : symbols) {
            Long a = answered.get(s);
            Long e = evented.get(s);
            Long f = freshAt.get(s);
            if (a == null || e == null || f == null) {
                missed++;
                continue;
            }
            sse.add(Math.max(0, (e - a) / 1e6));
            fresh.add(Math.max(0, (f - a) / 1e6));
            asked.add(Math.max(0, (freshAskedAt.get(s) - a) / 1e6));
        }
        List<Double> answerTimes = new ArrayList<>();
        for (int i = 0; i < fresh.size(); i++) {
            answerTimes.add(fresh.get(i) - asked.get(i));
        }
        double serverReads = serverAfter[0] - serverBefore[0];
        ctx.progress(("burst (%s): the first fresh read's answer took p50 %.0f ms p95 %.0f ms as the benchmark saw it; the tracker's own "
                + "time per /v1/freshness answer %.1f ms on average over %.0f reads").formatted(role, Samples.percentileOf(answerTimes, 50),
                Samples.percentileOf(answerTimes, 95), serverReads > 0 ? (serverAfter[1] - serverBefore[1]) * 1000 / serverReads : Double.NaN, serverReads));
        ctx.progress(("burst (%s): %d symbols, SSE p50 %.0f ms p95 %.0f ms, /v1/freshness fresh p50 %.0f ms p95 %.0f ms after the subscribe "
                + "answer (that read sent at p50 %.0f ms p95 %.0f ms); %d reads after an event answered not fresh (by status and state %s); %d missed")
                .formatted(role, SYMBOLS, Samples.percentileOf(sse, 50), Samples.percentileOf(sse, 95), Samples.percentileOf(fresh, 50),
                        Samples.percentileOf(fresh, 95), Samples.percentileOf(asked, 50), Samples.percentileOf(asked, 95),
                        staleReads.get(), STALE_BY, missed));
        return new Figures(sse, fresh, asked, missed, staleReads.get());
    }

    /**
     * The same reads again, all at once, once the burst has settled (every pair fresh, nothing else running): what
     * 200 simultaneous reads cost on this machine and client alone, beside the reads on the events.
     */
    private static void logQuietReads(BenchContext ctx, HttpClient http, String tracker, String dataType, List<String> symbols, String role) {
        List<Double> took = java.util.Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<?>> reads = new ArrayList<>();
        for (int i = 0; i < symbols.size(); i++) {
            String symbol = symbols.get(i);
            String address = userAddress(i);
            reads.add(CompletableFuture.runAsync(() -> {
                long sent = System.nanoTime();
                try {
                    http.send(freshnessRead(tracker, dataType, symbol, address), HttpResponse.BodyHandlers.ofString());
                    took.add((System.nanoTime() - sent) / 1e6);
                } catch (Exception e) {
                    // not counted
                }
            }, command -> Thread.ofVirtual().start(command)));
        }
        try {
            CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            // reported with the reads that did answer
        }
        ctx.progress("burst (%s): the same %d reads at once after it, nothing else running: answered p50 %.0f ms p95 %.0f ms as the benchmark saw them"
                .formatted(role, took.size(), Samples.percentileOf(took, 50), Samples.percentileOf(took, 95)));
    }

    /** A front-end's read of one pair's freshness, under the reader's own client id and address. */
    private static HttpRequest freshnessRead(String tracker, String dataType, String symbol, String address) {
        return HttpRequest.newBuilder(URI.create(tracker + "/v1/freshness/" + symbol + "?dataTypes=" + dataType))
                .header("X-Client-Id", "burst-reader-" + symbol).header("X-Forwarded-For", address).build();
    }

    private static final java.util.regex.Pattern STATE = java.util.regex.Pattern.compile("\"state\":\"([a-z_]+)\"");
    /** The reads after an event that did not answer fresh, by status and state: a disagreement or a refusal. */
    private static final Map<String, AtomicLong> STALE_BY = new ConcurrentHashMap<>();

    private static void reReadUntilFresh(HttpClient http, String tracker, String dataType, String symbol, String address, Map<String, Long> freshAt,
                                         Map<String, Long> freshAskedAt, AtomicLong staleReads) {
        for (int attempt = 0; attempt < 3000; attempt++) {
            try {
                long sent = System.nanoTime();
                HttpResponse<String> r = http.send(freshnessRead(tracker, dataType, symbol, address), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"state\":\"fresh\"")) {
                    freshAskedAt.put(symbol, sent);
                    freshAt.put(symbol, System.nanoTime());
                    return;
                }
                staleReads.incrementAndGet();
                java.util.regex.Matcher state = STATE.matcher(r.body());
                STALE_BY.computeIfAbsent(r.statusCode() + (state.find() ? " " + state.group(1) : ""), k -> new AtomicLong()).incrementAndGet();
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // a failed read is read again
            }
        }
    }
}
