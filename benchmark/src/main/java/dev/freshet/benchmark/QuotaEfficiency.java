package dev.freshet.benchmark;

import dev.freshet.simulator.control.Stats;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 10: 1,000 viewed quote pairs (20 viewers × 50 symbols, re-subscribing every 30 s) with the
 * quote TTL of 60 s and the seeded FMP budget (300 calls/min, 10% margin), for a scaled duration
 * (10 minutes at scale 1, as the issue asks). Reports upstream calls, pairs refreshed per call
 * and freshness attainment (share of pairs younger than the TTL, sampled every 5 s after the first
 * TTL). Reference: the fewest calls that could keep them fresh, ⌈1000 / 100 per batch call⌉ per TTL.
 */
public final class QuotaEfficiency implements Scenario {

    private static final int VIEWERS = 20;
    private static final int SYMBOLS_EACH = 50;
    private static final int PAIRS = VIEWERS * SYMBOLS_EACH;
    private static final int BATCH = 100;
    private static final int TTL_SECONDS = 60;

    @Override
    public String name() {
        return "quota-efficiency";
    }

    @Override
    public List<Result> run(BenchContext ctx) throws Exception {
        long durationMs = (long) (600_000 * ctx.scale());
        String tracker = ctx.stack().url("subscription-tracker");
        HttpClient http = HttpClient.newHttpClient();
        ctx.sql().update("""
                update provider_quotas set calls_per_minute = 300, calls_per_day = null, bytes_per_window = 21474836480,
                       bytes_window_seconds = 2592000, max_concurrency = 8 where provider = 'fmp'""");
        ctx.stack().simulator().reset();
        List<Double> attainment = new ArrayList<>();
        long start = System.currentTimeMillis();
        long nextSubscribe = 0;
        try {
            while (System.currentTimeMillis() - start < durationMs) {
                long now = System.currentTimeMillis();
                if (now >= nextSubscribe) {
                    for (int v = 0; v < VIEWERS; v++) {
                        subscribe(http, tracker, v);
                    }
                    nextSubscribe = now + 30_000;
                }
                if (now - start >= TTL_SECONDS * 1000L) {
                    attainment.add(ctx.sql().number("""
                            select count(*) from quotes where symbol like 'QE%' and refreshed_at > now() - make_interval(secs => ?)""",
                            TTL_SECONDS) / PAIRS);
                }
                Thread.sleep(5_000);
            }
        } finally {
            ctx.sql().update("""
                    update provider_quotas set calls_per_minute = null, calls_per_day = null, bytes_per_window = null,
                           bytes_window_seconds = null, max_concurrency = 64 where provider = 'fmp'""");
        }
        double minutes = (System.currentTimeMillis() - start) / 60_000.0;
        Stats stats = ctx.stack().simulator().stats();
        double calls = stats.requests("batch-quote") + stats.requests("quote");
        double symbols = symbols(stats, "batch-quote") + symbols(stats, "quote");
        double ideal = Math.ceil((double) PAIRS / BATCH) * Math.ceil(minutes * 60 / TTL_SECONDS);
        double overQuota = ctx.sql().number("select count(*) from (select bucket_start from api_usage where provider = 'fmp' group by bucket_start having sum(calls) > 300) over_minutes");
        ctx.progress("%.0f calls, %.0f pairs fetched (%.1f per call), attainment %.3f, minutes over quota %.0f"
                .formatted(calls, symbols, symbols / calls, Samples.percentileOf(attainment, 50), overQuota));
        String note = "%d pairs, TTL %d s, %.1f min (scale %.2f of 10 min), quota 300/min, minutes over quota %.0f"
                .formatted(PAIRS, TTL_SECONDS, minutes, ctx.scale(), overQuota);
        double meanAttainment = attainment.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        return List.of(
                new Result(name(), "quote", "upstream calls", "calls", Result.Summary.of(List.of(calls)),
                        Result.Summary.of(List.of(ideal)), "fewest possible calls", note),
                new Result(name(), "quote", "pairs refreshed per call", "pairs", Result.Summary.of(List.of(symbols / calls)),
                        Result.Summary.of(List.of((double) BATCH)), "batch size", note),
                new Result(name(), "quote", "freshness attainment", "share", Result.Summary.of(attainment),
                        Result.Summary.of(List.of(1.0)), "all pairs fresh", note + ", mean attainment %.3f".formatted(meanAttainment)));
    }

    private static double symbols(Stats stats, String endpoint) {
        var e = stats.endpoints().get(endpoint);
        return e == null ? 0 : e.symbols();
    }

    private static void subscribe(HttpClient http, String tracker, int viewer) throws Exception {
        StringBuilder symbols = new StringBuilder();
        for (int s = 0; s < SYMBOLS_EACH; s++) {
            symbols.append(s == 0 ? "" : ",").append("\"QE").append(viewer * SYMBOLS_EACH + s).append('"');
        }
        http.send(HttpRequest.newBuilder(URI.create(tracker + "/v1/subscriptions/batch")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"clientId\":\"qe-%d\",\"symbols\":[%s],\"dataTypes\":[\"quote\"]}"
                        .formatted(viewer, symbols))).build(), HttpResponse.BodyHandlers.discarding());
    }
}
