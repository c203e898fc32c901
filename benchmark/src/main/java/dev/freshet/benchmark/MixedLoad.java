package dev.freshet.benchmark;

import java.awt.Color;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 10, production-like: 2,000 viewers (× --scale) move between the 400 symbols of a universe with
 * Zipf popularity (s = 1), each viewing one symbol's page (quote, profile, ratios-ttm,
 * dividend-history, financial-statements) through the tracker's real HTTP API — subscribe, heartbeat
 * every 30 s, unsubscribe when moving on (dwell exponential, mean 45 s) — for 5 minutes × --scale
 * (at least 2). Scheduled refreshes are on (the checker is restarted with them) and compete for a
 * tight FMP budget of 120 calls/min (10% safety margin, 20% on-demand reserve, as seeded) with cached
 * data seeded as in steady state (most rows present, some stale, 2,000 financial statements of which
 * about half are due for their scheduled refresh). The simulator answers with log-normal latency
 * (median 80 ms, p99 400 ms) and 1% 503 errors.
 *
 * <p>Reports freshness SLO attainment per tier (viewed pairs whose data is within the type's TTL,
 * sampled every 5 s after the first minute), calls per minute against the limit from api_usage, queue
 * depth over time as a PNG, jobs lost (every job ever inserted, recorded by a bench-only trigger, must
 * end in history or still be queued after the viewers leave and the queue drains) and viewed pairs
 * stale for over a minute with no job queued.
 */
public final class MixedLoad implements Scenario {

    static final int UNIVERSE = 400;
    static final int QUOTA_PER_MINUTE = 120;
    static final List<String> PAGE = List.of("quote", "profile", "ratios-ttm", "dividend-history", "financial-statements");
    static final int HEARTBEAT_SECONDS = 30;
    static final double DWELL_MEAN_SECONDS = 45;
    static final int SAMPLE_SECONDS = 5;
    static final int WARM_UP_SECONDS = 60;
    /** A viewed pair stale (or missing) for longer than this with no job queued is orphaned. */
    static final int ORPHAN_GRACE_SECONDS = 60;
    private static final String CHART = "mixed-load-queue-depth.png";

    @Override
    public String name() {
        return "mixed-load";
    }

    record TypeInfo(String dataType, String tier, int ttlSeconds, String table, String symbolColumn, String timestampColumn) {
    }

    @Override
    public List<Result> run(BenchContext ctx) throws Exception {
        int viewers = (int) Math.max(100, Math.round(2000 * ctx.scale()));
        long durationMs = (long) Math.max(120_000, 300_000 * ctx.scale());
        var stack = ctx.stack();
        String tracker = stack.url("subscription-tracker");
        List<TypeInfo> types = types(ctx);

        // the budget, the provider's behaviour, the cached data, the ledger of every job
        ctx.sql().update("""
                update provider_quotas set calls_per_minute = ?, calls_per_day = null, bytes_per_window = null,
                       bytes_window_seconds = null, max_concurrency = 8, safety_margin_pct = 10, on_demand_reserve_pct = 20
                 where provider = 'fmp'""", QUOTA_PER_MINUTE);
        seed(ctx);
        installLedger(ctx);
        stack.simulator().reset();
        stack.simulator().knobs(dev.freshet.simulator.faults.Knobs.fromJson("""
                {"seed": 7, "global": {"latency": {"type": "lognormal", "medianMs": 80, "p99Ms": 400},
                                       "errors": {"rate": 0.01, "status": 503}}}"""));
        stack.stop("staleness-checker");
        stack.clearServiceProperties("staleness-checker").serviceProperties("staleness-checker",
                "-Dfreshet.checker.scheduled-refresh.enabled=true");
        stack.startInstance("staleness-checker", Ports.free(), Duration.ofMinutes(3));

        // daemon threads: the client's pool must not keep the benchmark's JVM alive after the results
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8, Thread.ofPlatform().daemon().factory())).connectTimeout(Duration.ofSeconds(10)).build();
        Viewers load = new Viewers(http, tracker, viewers, new Zipf(UNIVERSE, 1.0), 64);
        SloTally slo = new SloTally();
        List<Double> t = Collections.synchronizedList(new ArrayList<>());
        List<Double> pending = Collections.synchronizedList(new ArrayList<>());
        List<Double> processing = Collections.synchronizedList(new ArrayList<>());
        List<Double> orphans = Collections.synchronizedList(new ArrayList<>());
        double startEpoch = ctx.sql().number("select extract(epoch from now())");
        long start = System.currentTimeMillis();
        ScheduledExecutorService samplers = Executors.newSingleThreadScheduledExecutor();
        BenchSql depthSql = new BenchSql(ctx.sql().database());
        double endEpoch;
        double drainedAfter;
        try {
            samplers.scheduleAtFixedRate(() -> {
                try {
                    List<Double> row = depthSql.numbers("""
                            select unnest(array[count(*) filter (where status = 'pending'), count(*) filter (where status = 'processing')])
                              from refresh_jobs""");
                    t.add((System.currentTimeMillis() - start) / 1000.0);
                    pending.add(row.get(0));
                    processing.add(row.get(1));
                } catch (RuntimeException e) {
                    ctx.progress("mixed-load: queue depth sample failed: " + e.getMessage());
                }
            }, 0, 1, TimeUnit.SECONDS);

            ctx.progress("mixed-load: %d viewers over %d symbols for %d s, quota %d calls/min".formatted(viewers, UNIVERSE,
                    durationMs / 1000, QUOTA_PER_MINUTE));
            Thread driver = Thread.ofPlatform().name("mixed-load-viewers").start(() -> load.drive(start, durationMs));
            long nextSample = start + WARM_UP_SECONDS * 1000L;
            while (System.currentTimeMillis() - start < durationMs) {
                long now = System.currentTimeMillis();
                if (now >= nextSample) {
                    for (TypeInfo ti : types) {
                        List<Double> c = ctx.sql().numbers(freshnessSql(ti), ti.dataType(), ti.ttlSeconds(),
                                ti.ttlSeconds() + ORPHAN_GRACE_SECONDS, ti.dataType());
                        slo.add(ti.tier(), c.get(0).longValue(), c.get(1).longValue());
                        orphans.add(c.get(2));
                    }
                    slo.endSample();
                    nextSample += SAMPLE_SECONDS * 1000L;
                }
                Thread.sleep(200);
            }
            driver.join();
            endEpoch = ctx.sql().number("select extract(epoch from now())");
            ctx.progress("mixed-load: viewers leave; %s".formatted(load.summary()));
            load.leaveAll();
            // drain: the budget is lifted so that the backlog the tight budget left goes through in minutes
            ctx.sql().update("update provider_quotas set calls_per_minute = null, max_concurrency = 64 where provider = 'fmp'");
            long drainStart = System.currentTimeMillis();
            long drainTimeout = Math.max(180_000, durationMs);
            while (ctx.sql().number("select count(*) from refresh_jobs where enqueued_at <= to_timestamp(?)", endEpoch) > 0
                    && System.currentTimeMillis() - drainStart < drainTimeout) {
                Thread.sleep(500);
            }
            drainedAfter = (System.currentTimeMillis() - drainStart) / 1000.0;
            Thread.sleep(3000);
        } finally {
            samplers.shutdownNow();
            ctx.sql().update("""
                    update provider_quotas set calls_per_minute = null, calls_per_day = null, bytes_per_window = null,
                           bytes_window_seconds = null, max_concurrency = 64 where provider = 'fmp'""");
            stack.simulator().reset();
            stack.stop("staleness-checker");
            stack.clearServiceProperties("staleness-checker")
                    .serviceProperties("staleness-checker", "-Dfreshet.checker.scheduled-refresh.enabled=false");
            stack.startInstance("staleness-checker", Ports.free(), Duration.ofMinutes(3));
        }

        // jobs lost: inserted (ledger) but neither finished into history nor still queued
        double ledger = ctx.sql().number("select count(*) from bench_job_ledger");
        double lost = ctx.sql().number("""
                select count(*) from bench_job_ledger l
                 where not exists (select 1 from refresh_job_history h where h.job_id = l.job_id)
                   and not exists (select 1 from refresh_jobs j where j.job_id = l.job_id)""");
        double live = ctx.sql().number("select count(*) from bench_job_ledger l where exists (select 1 from refresh_jobs j where j.job_id = l.job_id)");
        double failed = ctx.sql().number("""
                select count(*) from bench_job_ledger l join refresh_job_history h using (job_id) where h.status <> 'completed'""");
        removeLedger(ctx);

        // quota per whole minute of the viewing period, from api_usage
        List<Double> perMinute = ctx.sql().numbers("""
                select calls from api_usage where provider = 'fmp' and bucket_start >= date_trunc('minute', to_timestamp(?))
                   and bucket_start < date_trunc('minute', to_timestamp(?)) order by bucket_start""", startEpoch, endEpoch);
        double maxMinute = perMinute.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        double meanMinute = perMinute.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double over = perMinute.stream().filter(c -> c > QUOTA_PER_MINUTE).count();

        Path chart = Path.of(System.getProperty("freshet.root", ".")).resolve("benchmark/target").resolve(CHART).toAbsolutePath().normalize();
        List<Double> ts;
        List<Double> ps;
        List<Double> prs;
        synchronized (t) {
            ts = List.copyOf(t);
            ps = List.copyOf(pending);
            prs = List.copyOf(processing);
        }
        LineChart.write(chart, 1000, 500, "Mixed load: refresh_jobs depth (%d viewers, %d calls/min quota)".formatted(viewers, QUOTA_PER_MINUTE),
                "seconds since start", "jobs",
                List.of(new LineChart.Series("pending", new Color(31, 119, 180), LineChart.points(ts, ps)),
                        new LineChart.Series("processing", new Color(214, 39, 40), LineChart.points(ts, prs))),
                List.of(new LineChart.Marker(WARM_UP_SECONDS, "SLO sampling starts"),
                        new LineChart.Marker(durationMs / 1000.0, "viewers leave, quota lifted to drain")));

        double maxOrphans = orphans.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        String note = ("%d viewers, %d symbols (Zipf s=1), page = %s, dwell mean %.0f s, heartbeat %d s, %.0f s of viewing; "
                + "scheduled refreshes on; fmp %d calls/min (10%% margin, 20%% on-demand reserve); simulator log-normal 80/400 ms, "
                + "1%% 503; SLO sampled every %d s after %d s; %s; jobs: %.0f inserted, %.0f not completed (failed/cancelled), %.0f still "
                + "queued after a %.0f s drain with the quota lifted; minutes over quota %.0f of %d; chart %s")
                .formatted(viewers, UNIVERSE, PAGE, DWELL_MEAN_SECONDS, HEARTBEAT_SECONDS, (endEpoch - startEpoch), QUOTA_PER_MINUTE,
                        SAMPLE_SECONDS, WARM_UP_SECONDS, load.summary(), ledger, failed, live, drainedAfter, over, perMinute.size(),
                        "benchmark/target/" + CHART);
        ctx.progress("mixed-load: " + note);
        List<Result> results = new ArrayList<>();
        for (String tier : List.of("critical", "standard", "low")) {
            if (slo.shares(tier).isEmpty()) {
                continue;
            }
            String tierTypes = String.join("+", types.stream().filter(ti -> ti.tier().equals(tier)).map(TypeInfo::dataType).toList());
            results.add(new Result(name(), "tier " + tier + " (" + tierTypes + ")", "freshness SLO attainment", "share",
                    Result.Summary.of(slo.shares(tier)), Result.Summary.of(List.of(1.0)), "ideal: every pair fresh",
                    note + "; spread over samples; pooled attainment " + pooledLine(slo)));
        }
        results.add(new Result(name(), "fmp", "calls in the busiest minute", "calls", Result.Summary.of(List.of(maxMinute)),
                Result.Summary.of(List.of((double) QUOTA_PER_MINUTE)), "calls_per_minute limit", note));
        results.add(new Result(name(), "fmp", "calls per minute, mean", "calls", Result.Summary.of(List.of(meanMinute)),
                Result.Summary.of(List.of((double) QUOTA_PER_MINUTE)), "calls_per_minute limit", note));
        results.add(new Result(name(), "queue", "pending jobs", "jobs", Result.Summary.of(ps), null, "-", note));
        results.add(new Result(name(), "jobs", "jobs lost", "jobs", Result.Summary.of(List.of(lost)), Result.Summary.of(List.of(0.0)),
                "none lost", note));
        results.add(new Result(name(), "jobs", "viewed, stale > 60 s, no job", "pairs", Result.Summary.of(List.of(maxOrphans)),
                Result.Summary.of(List.of(0.0)), "none", note));
        results.add(new Result(name(), "tracker", "request latency p99", "ms", Result.Summary.of(List.of(load.p99())), null, "-", note));
        return results;
    }

    private static String pooledLine(SloTally slo) {
        StringBuilder sb = new StringBuilder();
        for (String tier : slo.tiers()) {
            sb.append(sb.isEmpty() ? "" : ", ").append(tier).append(' ').append("%.3f".formatted(slo.pooled(tier)));
        }
        return sb.toString();
    }

    /**
     * One row for a data type: viewed pairs (live presence), those within the TTL, and those stale or
     * missing for more than the grace, viewed for longer than it, with no job queued. Identifiers come
     * from the registry (validated names). Params: type, ttl, type, ttl + grace, type.
     */
    static String freshnessSql(TypeInfo ti) {
        return """
                with viewed as (
                    select symbol, min(first_seen_at) as since from active_subscriptions
                     where data_type = ? and last_seen_at > now() - interval '90 seconds' group by symbol
                ), aged as (
                    select v.symbol, v.since, (select max(t.%2$s) from %1$s t where t.%3$s = v.symbol) as newest from viewed v
                )
                select unnest(array[
                    count(*),
                    count(*) filter (where newest > now() - make_interval(secs => ?)),
                    count(*) filter (where (newest is null or newest < now() - make_interval(secs => ?))
                                       and since < now() - interval '%4$d seconds'
                                       and not exists (select 1 from refresh_jobs j where j.data_type = ? and j.symbol = a.symbol))])
                  from aged a""".formatted(ti.table(), ti.timestampColumn(), ti.symbolColumn(), ORPHAN_GRACE_SECONDS);
    }

    private static List<TypeInfo> types(BenchContext ctx) throws Exception {
        List<TypeInfo> out = new ArrayList<>();
        try (var c = ctx.sql().connect(); var ps = c.prepareStatement("""
                select data_type, tier, ttl_seconds, table_name, symbol_column, timestamp_column from data_type_registry
                 where data_type = any(?) order by array_position(?, data_type)""")) {
            ps.setObject(1, PAGE.toArray(String[]::new));
            ps.setObject(2, PAGE.toArray(String[]::new));
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TypeInfo(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5), rs.getString(6)));
                }
            }
        }
        if (out.size() != PAGE.size()) {
            throw new IllegalStateException("registry lacks some of " + PAGE);
        }
        return out;
    }

    /**
     * Cached data as in steady state: 90% of the universe has a profile and ratios (ages spread over
     * 1.1 × TTL, so about 9% of them stale), 80% dividends, and 2,000 symbols (the universe and 1,600
     * unviewed ones) financial statements with ages over 2 × TTL, so about half are due for a
     * scheduled refresh. No quotes: their 60 s TTL lapses within the run anyway.
     */
    private static void seed(BenchContext ctx) {
        ctx.sql().update("delete from active_subscriptions where client_id like 'mx-%'");
        for (String table : List.of("quotes", "profiles", "ratios_ttm", "dividend_history", "financial_statements")) {
            ctx.sql().update("delete from " + table + " where symbol like 'MX%'");
        }
        ctx.sql().update("""
                insert into profiles (symbol, refreshed_at)
                select 'MX' || g, now() - (abs(hashint4(g)) % 1000) / 1000.0 * 1.1 * interval '1 day'
                  from generate_series(0, ? - 1) g where abs(hashint4(g + 1)) % 10 <> 0""", UNIVERSE);
        ctx.sql().update("""
                insert into ratios_ttm (symbol, refreshed_at)
                select 'MX' || g, now() - (abs(hashint4(g + 2)) % 1000) / 1000.0 * 1.1 * interval '1 day'
                  from generate_series(0, ? - 1) g where abs(hashint4(g + 3)) % 10 <> 0""", UNIVERSE);
        ctx.sql().update("""
                insert into dividend_history (symbol, ex_date, refreshed_at)
                select 'MX' || g, date '2025-06-01', now() - (abs(hashint4(g + 4)) % 1000) / 1000.0 * 1.1 * interval '1 day'
                  from generate_series(0, ? - 1) g where abs(hashint4(g + 5)) % 10 >= 2""", UNIVERSE);
        ctx.sql().update("""
                insert into financial_statements (symbol, fiscal_date, period, refreshed_at)
                select 'MX' || g, date '2024-12-31', 'FY', now() - (abs(hashint4(g + 6)) % 1000) / 1000.0 * 2 * interval '7 days'
                  from generate_series(0, 2000 - 1) g""");
    }

    private static void installLedger(BenchContext ctx) {
        removeLedger(ctx);
        ctx.sql().update("create unlogged table bench_job_ledger (job_id bigint primary key, data_type text, symbol text, origin text)");
        ctx.sql().update("""
                create function bench_ledger_note() returns trigger language plpgsql as $$
                begin
                    insert into bench_job_ledger select job_id, data_type, symbol, origin from bench_new_jobs on conflict do nothing;
                    return null;
                end $$""");
        ctx.sql().update("""
                create trigger bench_ledger after insert on refresh_jobs referencing new table as bench_new_jobs
                    for each statement execute function bench_ledger_note()""");
    }

    private static void removeLedger(BenchContext ctx) {
        ctx.sql().update("drop trigger if exists bench_ledger on refresh_jobs");
        ctx.sql().update("drop function if exists bench_ledger_note()");
        ctx.sql().update("drop table if exists bench_job_ledger");
    }

    /**
     * The viewers: one event queue (subscribe to a symbol, heartbeat, move on) played in real time by
     * one thread, the HTTP calls sent asynchronously with at most {@code maxInFlight} at once (a full
     * window delays the next events, so an overloaded tracker slows the viewers down, as browsers would).
     */
    static final class Viewers {

        private record Event(long at, int viewer, boolean move) {
        }

        private final HttpClient http;
        private final String tracker;
        private final int count;
        private final Zipf zipf;
        private final Semaphore window;
        private final SplittableRandom random = new SplittableRandom(11);
        private final String[] current;
        private final List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        private final AtomicLong requests = new AtomicLong();
        private final AtomicLong errors = new AtomicLong();
        private final Map<Integer, AtomicLong> statuses = new LinkedHashMap<>();
        private long moves;

        private final ExecutorService followUps = Executors.newVirtualThreadPerTaskExecutor();

        Viewers(HttpClient http, String tracker, int count, Zipf zipf, int maxInFlight) {
            this.http = http;
            this.tracker = tracker;
            this.count = count;
            this.zipf = zipf;
            this.window = new Semaphore(maxInFlight);
            this.current = new String[count];
        }

        void drive(long start, long durationMs) {
            PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> Long.compare(a.at(), b.at()));
            for (int v = 0; v < count; v++) {
                // arrivals spread over the first 20 s
                long at = start + (long) (random.nextDouble() * 20_000);
                events.add(new Event(at, v, true));
                events.add(new Event(at + HEARTBEAT_SECONDS * 1000L, v, false));
            }
            try {
                while (!events.isEmpty()) {
                    Event e = events.poll();
                    if (e.at() - start >= durationMs) {
                        break;
                    }
                    long wait = e.at() - System.currentTimeMillis();
                    if (wait > 0) {
                        Thread.sleep(wait);
                    }
                    if (e.move()) {
                        String next = "MX" + zipf.sample(random);
                        String previous = current[e.viewer()];
                        current[e.viewer()] = next;
                        moves++;
                        CompletableFuture<Void> leave = previous == null || previous.equals(next) ? CompletableFuture.completedFuture(null)
                                : send(HttpRequest.newBuilder(URI.create(tracker + "/v1/subscriptions/mx-" + e.viewer() + "/" + previous))
                                .DELETE());
                        // send() may wait for a free slot: never in a completion stage, whose thread the
                        // completions of the requests holding the slots need (on 2 cores the common pool has one)
                        leave.thenComposeAsync(x -> send(post("/v1/subscriptions", "{\"clientId\":\"mx-%d\",\"symbol\":\"%s\",\"dataTypes\":[%s]}"
                                .formatted(e.viewer(), next, String.join(",", PAGE.stream().map(p -> "\"" + p + "\"").toList())))), followUps);
                        long dwell = (long) (-Math.log(1 - random.nextDouble()) * DWELL_MEAN_SECONDS * 1000);
                        events.add(new Event(e.at() + Math.max(1000, dwell), e.viewer(), true));
                    } else {
                        send(post("/v1/heartbeat", "{\"clientId\":\"mx-%d\"}".formatted(e.viewer())));
                        events.add(new Event(e.at() + HEARTBEAT_SECONDS * 1000L, e.viewer(), false));
                    }
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }

        /** Every viewer leaves (DELETE of all its subscriptions); waits for the calls. */
        void leaveAll() throws InterruptedException {
            List<CompletableFuture<Void>> calls = new ArrayList<>();
            for (int v = 0; v < count; v++) {
                calls.add(send(HttpRequest.newBuilder(URI.create(tracker + "/v1/subscriptions/mx-" + v)).DELETE()));
            }
            try {
                CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
            } catch (Exception e) {
                throw new IllegalStateException("viewers could not leave: " + e, e);
            }
        }

        private HttpRequest.Builder post(String path, String body) {
            return HttpRequest.newBuilder(URI.create(tracker + path)).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
        }

        private CompletableFuture<Void> send(HttpRequest.Builder request) {
            try {
                window.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CompletableFuture.completedFuture(null);
            }
            long t0 = System.nanoTime();
            requests.incrementAndGet();
            return http.sendAsync(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding())
                    .handle((response, error) -> {
                        window.release();
                        latencies.add((System.nanoTime() - t0) / 1e6);
                        int status = error != null ? -1 : response.statusCode();
                        if (status < 200 || status >= 300) {
                            errors.incrementAndGet();
                            synchronized (statuses) {
                                statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                            }
                        }
                        return null;
                    });
        }

        double p99() {
            synchronized (latencies) {
                return Samples.percentileOf(new ArrayList<>(latencies), 99);
            }
        }

        String summary() {
            List<Double> copy;
            synchronized (latencies) {
                copy = new ArrayList<>(latencies);
            }
            String failures;
            synchronized (statuses) {
                failures = statuses.isEmpty() ? "" : " " + statuses;
            }
            return "%d tracker requests (%d moves), %d not 2xx%s, p50 %.0f ms, p99 %.0f ms".formatted(requests.get(), moves, errors.get(),
                    failures, Samples.percentileOf(copy, 50), Samples.percentileOf(copy, 99));
        }
    }
}
