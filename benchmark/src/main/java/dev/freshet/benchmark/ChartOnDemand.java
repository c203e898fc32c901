package dev.freshet.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Issue 27: N symbols nobody has viewed, their 1-hour chart opened at once (`POST /v1/subscriptions`
 * of `bars-1h`, one viewer each). Measures, from the first subscribe to the moment it holds for
 * every symbol: the 1-minute source fetched (the 7-day backfill from the simulator, no `bars-1m` job
 * left), and every chain complete (the 5m, 15m, 1h and 1d tasks' cursors at the end of the fetched
 * bars). The stack runs as it ships: the checker's `aggregation-due` at its default period, the
 * schedule intervals as seeded. Reference, same run: the `aggregation` scenario's hand-written
 * `GROUP BY` per timeframe over the same fetched bars into a scratch table.
 */
public final class ChartOnDemand implements Scenario {

    private static final String CHART = "bars-1h";
    private static int runCounter;

    @Override
    public String name() {
        return "chart-on-demand";
    }

    @Override
    public List<Result> run(BenchContext ctx) throws Exception {
        int n = ctx.scaled(50, 5);
        String tracker = ctx.stack().url("subscription-tracker");
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8, Thread.ofPlatform().daemon().factory()))
                .connectTimeout(Duration.ofSeconds(10)).build();
        List<Double> sourceSeconds = new ArrayList<>();
        List<Double> chainSeconds = new ArrayList<>();
        List<Double> referenceSeconds = new ArrayList<>();
        List<Double> chainRate = new ArrayList<>();
        List<Double> referenceRate = new ArrayList<>();
        double bars = 0;
        List<Double> polygon = ctx.sql().numbers("""
                select coalesce(calls_per_minute, -1) from provider_quotas where provider = 'polygon'""");
        // speed, not quota, as for fmp: the backfill of N symbols would otherwise wait for the per-minute budget
        ctx.sql().update("update provider_quotas set calls_per_minute = null, max_concurrency = 64 where provider = 'polygon'");
        ctx.sql().update("drop table if exists bench_chart_ref");
        ctx.sql().update("create table bench_chart_ref (like derived_data_bars including all)");
        try {
            for (int r = 0; r < ctx.runs(); r++) {
                String prefix = "CH" + (++runCounter) + "X";
                List<String> symbols = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    symbols.add(prefix + i);
                }
                long t0 = System.nanoTime();
                subscribe(http, tracker, symbols);
                double source = Double.NaN;
                long deadline = t0 + Duration.ofMinutes(10).toNanos();
                while (true) {
                    if (Double.isNaN(source) && sourceFetched(ctx, prefix, n)) {
                        source = (System.nanoTime() - t0) / 1e9;
                        ctx.progress("chart-on-demand: %d symbols' 1-minute bars fetched after %.1f s".formatted(n, source));
                    }
                    if (!Double.isNaN(source) && chainsComplete(ctx, prefix) >= n * Aggregation.TIMEFRAMES.size()) {
                        break;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("chart-on-demand: %.0f of %d chains complete after 10 min"
                                .formatted(chainsComplete(ctx, prefix), n * Aggregation.TIMEFRAMES.size()));
                    }
                    Thread.sleep(250);
                }
                double chain = (System.nanoTime() - t0) / 1e9;
                unsubscribe(http, tracker, symbols);
                bars = ctx.sql().number("select count(*) from data_bars where timeframe = '1m' and symbol like ?", prefix + "%");
                ctx.sql().update("truncate bench_chart_ref");
                double reference = 0;
                for (String tf : Aggregation.TIMEFRAMES) {
                    reference += Aggregation.handWritten(ctx, tf, "bench_chart_ref", prefix + "%");
                }
                sourceSeconds.add(source);
                chainSeconds.add(chain);
                referenceSeconds.add(reference);
                chainRate.add(bars / (chain - source));
                referenceRate.add(bars / reference);
                ctx.progress("chart-on-demand: every chain complete after %.1f s (%.1f s after the source), %.0f 1-minute bars; hand-written GROUP BY %.2f s"
                        .formatted(chain, chain - source, bars, reference));
            }
        } finally {
            ctx.sql().update("update provider_quotas set calls_per_minute = nullif(?, -1)::int where provider = 'polygon'",
                    polygon.isEmpty() ? -1 : polygon.getFirst().intValue());
            ctx.sql().update("drop table if exists bench_chart_ref");
        }
        String note = ("%d symbols never viewed, %s subscribed at once (one viewer each); %.0f 1-minute bars fetched per run "
                + "(the 7-day backfill, simulator latency 0); checker aggregation-due at its default period, schedule intervals as seeded; "
                + "polygon budget lifted for the run").formatted(n, CHART, bars);
        return List.of(
                new Result(name(), n + " symbols", "subscribe → every chain complete", "s", Result.Summary.of(chainSeconds),
                        Result.Summary.of(referenceSeconds), "hand-written GROUP BY, 4 timeframes", note),
                new Result(name(), n + " symbols", "subscribe → 1m source fetched", "s", Result.Summary.of(sourceSeconds),
                        null, "-", note),
                new Result(name(), n + " symbols", "1m bars aggregated after the source", "bars/s", Result.Summary.of(chainRate),
                        Result.Summary.of(referenceRate), "hand-written GROUP BY", note));
    }

    private static void subscribe(HttpClient http, String tracker, List<String> symbols) throws Exception {
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (String symbol : symbols) {
            calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(tracker + "/v1/subscriptions"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"clientId\":\"chart-%s\",\"symbol\":\"%s\",\"dataTypes\":[\"%s\"]}"
                            .formatted(symbol, symbol, CHART))).build(), HttpResponse.BodyHandlers.ofString())
                    .thenAccept(r -> {
                        if (r.statusCode() / 100 != 2) {
                            throw new IllegalStateException("subscribe " + symbol + " answered " + r.statusCode() + ": " + r.body());
                        }
                    }));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    private static void unsubscribe(HttpClient http, String tracker, List<String> symbols) throws Exception {
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (String symbol : symbols) {
            calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(tracker + "/v1/subscriptions/chart-" + symbol)).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding()));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    /** Every symbol has bars and no bars-1m job of them is left: the backfill is done. */
    private static boolean sourceFetched(BenchContext ctx, String prefix, int n) {
        return ctx.sql().number("select count(distinct symbol) from data_bars where timeframe = '1m' and symbol like ?", prefix + "%") >= n
                && ctx.sql().number("select count(*) from refresh_jobs where data_type = 'bars-1m' and symbol like ?", prefix + "%") == 0;
    }

    /** Tasks whose cursor reached the last whole window of the fetched bars (as in the aggregation scenario). */
    private static double chainsComplete(BenchContext ctx, String prefix) {
        return ctx.sql().number("""
                select count(*) from data_agg_state s
                  join (select b.symbol, t.timeframe,
                               date_bin(agg_timeframe_interval(t.timeframe), max(b.ts_utc) + interval '1 minute',
                                        timestamptz '1970-01-01 00:00:00+00') as end_cursor
                          from data_bars b cross join unnest(?::text[]) t(timeframe)
                         where b.timeframe = '1m' and b.symbol like ?
                         group by b.symbol, t.timeframe) e using (symbol, timeframe)
                 where s.last_agg_bar_ts_utc >= e.end_cursor""", Aggregation.TIMEFRAMES.toArray(String[]::new), prefix + "%");
    }
}
