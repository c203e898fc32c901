package dev.freshet.benchmark;

import dev.freshet.launcher.PortCheck;
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
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Issue 10, production-like: 2,000 viewers (× --scale) move between the 400 symbols of a universe with
 * Zipf popularity (s = 1), each viewing one symbol's page (quote, profile, ratios-ttm,
 * dividend-history, financial-statements) through the tracker's real HTTP API — subscribe, heartbeat
 * every 30 s, unsubscribe when moving on (dwell exponential, mean 45 s) — for 5 minutes × --scale
 * (at least 2). Scheduled refreshes are on (the checker is restarted with them) and compete for a
 * tight FMP budget (10% safety margin, 20% on-demand reserve) with cached data seeded as in steady state (most rows present, some stale, 2,000 financial statements of which
 * about half are due for their scheduled refresh). The simulator answers with log-normal latency
 * (median 80 ms, p99 400 ms) and 1% 503 errors.
 *
 * <p>Reports freshness SLO attainment per tier (viewed pairs whose data is within the type's TTL,
 * sampled every 5 s after the first minute), calls per minute against the limit from api_usage, queue
 * depth over time as a PNG, jobs lost (every job ever inserted, recorded by a bench-only trigger, must
 * end in history or still be queued after the viewers leave and the queue drains) and viewed pairs
 * stale for over a minute with no job queued.
 *
 * <p>The viewers' schedule is seeded, so the demand (what is viewed when) is known before any run:
 * from it and the seeded data the scenario computes the naive need (calls a minute that keep every
 * viewed pair fresh) and, per budget, an upper bound on attainment per tier ({@link FreshnessBound}).
 * Each claim policy ({@code static}, {@code deadline}, and {@code deadline} without ride-along refreshes: the
 * processor is restarted with it) then plays
 * the same demand at 50 % and at 100 % of the naive need, and attainment is reported against the bound.
 * Last, a burst of 200 new symbols with the budget lifted ({@link SubscribeBurst}).
 */
public final class MixedLoad implements Scenario {

    static final int UNIVERSE = 400;
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

    /** The claim orderings compared, each on the same seeded demand. */
    /** A processor each budget is played by: a label and its options. */
    record Variant(String label, List<String> processorOptions) {
    }

    /**
     * Both claim policies, and the deadline policy without ride-along refreshes to show what the riders add; the
     * default (deadline) last, as the burst after the runs uses the last run's processor.
     */
    static final List<Variant> POLICIES = List.of(
            new Variant("static", List.of("-Dfreshet.processor.scheduling=static")),
            new Variant("deadline-no-ride-along", List.of("-Dfreshet.processor.scheduling=deadline", "-Dfreshet.processor.ride-along=false")),
            new Variant("deadline", List.of("-Dfreshet.processor.scheduling=deadline")));
    /** Budgets as shares of the naive need (the calls a minute that keep every viewed pair fresh). */
    static final List<Double> BUDGETS = List.of(0.5, 1.0);
    static final double SAFETY_MARGIN = 0.10;

    /** What one policy did with one budget. */
    record Run(String policy, double budgetShare, int limit, int usable, SloTally slo, List<Double> callsPerMinute,
               List<Boolean> dueWorkWaited, double lost, double failed, double live, double drainedAfter, double maxOrphans,
               double p99, String viewers) {

        long minutesOver() {
            return callsPerMinute.stream().filter(c -> c > usable).count();
        }

        /** Minutes in which due work waited throughout, and among them those that used at least 95 % of the usable calls. */
        long[] waitedAndUsed() {
            long waited = 0;
            long used = 0;
            for (int i = 0; i < callsPerMinute.size(); i++) {
                if (i < dueWorkWaited.size() && dueWorkWaited.get(i)) {
                    waited++;
                    if (callsPerMinute.get(i) >= 0.95 * usable) {
                        used++;
                    }
                }
            }
            return new long[]{waited, used};
        }

        double meanCalls() {
            return callsPerMinute.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }
    }

    @Override
    public List<Result> run(BenchContext ctx) throws Exception {
        int viewers = ctx.scaled(2000, 100);
        long durationMs = (long) Math.max(120_000, 300_000 * ctx.scale());
        var stack = ctx.stack();
        String tracker = stack.url("subscription-tracker");
        List<TypeInfo> types = types(ctx);
        List<Viewers.Event> schedule = Viewers.schedule(viewers, durationMs, new Zipf(UNIVERSE, 1.0));

        // the demand every run replays, and what the bound and the budgets are computed from
        List<FreshnessBound.Type> demandTypes = seededDemand(ctx, types);
        List<FreshnessBound.Sample> demand = Viewers.demand(schedule, durationMs, SAMPLE_SECONDS);
        double need = FreshnessBound.compute(demandTypes, demand, Integer.MAX_VALUE, WARM_UP_SECONDS).naiveNeedPerMinute();
        ctx.progress("mixed-load: naive need %.1f calls/min for %d viewers over %d symbols (%d s)".formatted(need, viewers, UNIVERSE,
                durationMs / 1000));

        stack.stop("staleness-checker");
        stack.clearServiceProperties("staleness-checker").serviceProperties("staleness-checker",
                "-Dfreshet.checker.scheduled-refresh.enabled=true");
        stack.startInstance("staleness-checker", PortCheck.freePort(), Duration.ofMinutes(3));
        // each viewer comes from an address of its own, as behind an ingress (the burst puts the tracker back)
        SubscribeBurst.restartTracker(ctx, URI.create(tracker).getPort(), SubscribeBurst.BEHIND_LOCAL_PROXY);
        List<String> only = chosenRuns();
        List<Run> runs = new ArrayList<>();
        try {
            for (double share : BUDGETS) {
                int limit = (int) Math.max(2, Math.round(need * share / (1 - SAFETY_MARGIN)));
                for (Variant variant : POLICIES) {
                    if (!only.isEmpty() && !only.contains("%s@%.0f".formatted(variant.label(), share * 100))) {
                        continue;
                    }
                    stack.stop("queue-processor");
                    List<String> options = new ArrayList<>(variant.processorOptions());
                    options.addAll(extraProcessorOptions());
                    stack.clearServiceProperties("queue-processor").serviceProperties("queue-processor", options.toArray(String[]::new));
                    stack.startInstance("queue-processor", PortCheck.freePort(), Duration.ofMinutes(3));
                    runs.add(runOnce(ctx, tracker, types, schedule, viewers, durationMs, variant.label(), share, limit, null, null));
                }
            }
        } finally {
            liftBudget(ctx);
        }
        List<Result> results = new ArrayList<>();
        if (only.isEmpty() || only.contains("burst")) {
            burstResults(ctx, tracker, results);
        } else {
            SubscribeBurst.restartTracker(ctx, URI.create(tracker).getPort());
            defaultServices(ctx);
        }
        for (Run r : runs) {
            FreshnessBound.Outcome bounds = FreshnessBound.compute(demandTypes, demand, r.usable(), WARM_UP_SECONDS);
            Map<String, Double> bound = bounds.shared();
            long[] wu = r.waitedAndUsed();
            String variant = "%s @%.0f%% (%d/min)%s".formatted(r.policy(), r.budgetShare() * 100, r.limit(),
                    extraProcessorOptions().isEmpty() ? "" : " " + String.join(" ", extraProcessorOptions()));
            String note = ("%s, budget %.0f%% of the naive need %.1f calls/min: fmp limit %d, usable %d; %d viewers, %d symbols (Zipf s=1), "
                    + "page = %s, %.0f s of viewing; scheduled refreshes on; simulator log-normal 80/400 ms, 1%% 503; %s; jobs: %.0f not "
                    + "completed, %.0f still queued after a %.0f s drain; minutes over %d of %d; minutes where due work waited %d, of them "
                    + "≥ 95%% of usable calls used %d; bound: the tiers sharing every usable call by weight (critical first), each call at the start of its minute, batches coalesced; each tier alone with every call: %s")
                    .formatted(r.policy(), r.budgetShare() * 100, need, r.limit(), r.usable(), viewers, UNIVERSE, PAGE, durationMs / 1000.0,
                            r.viewers(), r.failed(), r.live(), r.drainedAfter(), r.minutesOver(), r.callsPerMinute().size(), wu[0], wu[1],
                            bounds.alone().entrySet().stream().map(e -> e.getKey() + " %.3f".formatted(e.getValue())).toList());
            ctx.progress("mixed-load: " + note);
            for (String tier : List.of("critical", "standard", "low")) {
                if (r.slo().shares(tier).isEmpty()) {
                    continue;
                }
                String tierTypes = String.join("+", types.stream().filter(ti -> ti.tier().equals(tier)).map(TypeInfo::dataType).toList());
                results.add(new Result(name(), variant + " tier " + tier + " (" + tierTypes + ")", "freshness SLO attainment", "share",
                        Result.Summary.of(List.of(r.slo().pooled(tier))), Result.Summary.of(List.of(bound.getOrDefault(tier, Double.NaN))),
                        "bound, tiers sharing the budget by weight", note + "; samples " + spread(r.slo().shares(tier))
                        + "; of the stale pair-samples %.2f were stale when first viewed".formatted(r.slo().staleWhenFirstViewed(tier))));
            }
            results.add(new Result(name(), variant + " fmp", "calls per minute used, mean", "calls", Result.Summary.of(r.callsPerMinute()),
                    Result.Summary.of(List.of((double) r.usable())), "usable calls per minute", note));
            results.add(new Result(name(), variant + " fmp", "minutes over the usable budget", "minutes",
                    Result.Summary.of(List.of((double) r.minutesOver())), null, "must be 0", note));
            results.add(new Result(name(), variant + " fmp", "waited minutes with ≥ 95% of usable calls used", "minutes",
                    Result.Summary.of(List.of((double) wu[1])), Result.Summary.of(List.of((double) wu[0])), "minutes where due work waited", note));
            results.add(new Result(name(), variant + " jobs", "jobs lost", "jobs", Result.Summary.of(List.of(r.lost())),
                    Result.Summary.of(List.of(0.0)), "none lost", note));
            results.add(new Result(name(), variant + " jobs", "viewed, stale > 60 s, no job", "pairs", Result.Summary.of(List.of(r.maxOrphans())),
                    Result.Summary.of(List.of(0.0)), "none", note));
            results.add(new Result(name(), variant + " tracker", "request latency p99", "ms", Result.Summary.of(List.of(r.p99())), null, "-", note));
        }
        return results;
    }

    /** The 200-symbol burst with the budget lifted, on the last run's processor; the services put back as the bench runs them. */
    private void burstResults(BenchContext ctx, String tracker, List<Result> results) throws Exception {
        SubscribeBurst.Figures burst;
        try {
            // the tracker is started again for the burst (to take each user's address from the proxy header), so it is
            // cold: its JIT compiles the read and event paths through the first bursts (`subscribe-burst --runs 5`: the
            // read p95 came 163, 92, 67, 26 and 62 ms after the event p95 in bursts one to five). Three warm it up as
            // a tracker in service is; the fourth is reported
            burst = SubscribeBurst.run(ctx, tracker, "profile", 4).getLast();
        } finally {
            defaultServices(ctx);
        }
        String burstNote = "%d new symbols subscribed at once (profile), budget lifted, simulator defaults; times after each subscribe answer; %d without an event or a fresh read"
                .formatted(SubscribeBurst.SYMBOLS, burst.missed());
        results.add(new Result(name(), "burst SSE refreshed", "p50 after subscribe", "ms", Result.Summary.of(List.of(Samples.percentileOf(burst.sse(), 50))),
                null, "-", burstNote));
        results.add(new Result(name(), "burst SSE refreshed", "p95 after subscribe", "ms", Result.Summary.of(List.of(Samples.percentileOf(burst.sse(), 95))),
                null, "-", burstNote));
        results.add(new Result(name(), "burst /v1/freshness fresh", "p50 after subscribe", "ms",
                Result.Summary.of(List.of(Samples.percentileOf(burst.fresh(), 50))),
                Result.Summary.of(List.of(Samples.percentileOf(burst.sse(), 50))), "SSE event p50", burstNote));
        results.add(new Result(name(), "burst /v1/freshness fresh", "p95 after subscribe", "ms",
                Result.Summary.of(List.of(Samples.percentileOf(burst.fresh(), 95))),
                Result.Summary.of(List.of(Samples.percentileOf(burst.sse(), 95))), "SSE event p95", burstNote));
        results.add(new Result(name(), "burst /v1/freshness fresh", "p95 after subscribe, that read's sending", "ms",
                Result.Summary.of(List.of(Samples.percentileOf(burst.freshAsked(), 95))),
                Result.Summary.of(List.of(Samples.percentileOf(burst.sse(), 95))), "SSE event p95", burstNote));
        results.add(new Result(name(), "burst /v1/freshness", "reads after the event answered not fresh", "reads",
                Result.Summary.of(List.of((double) burst.staleReads())), null, "-", burstNote));
    }

    /**
     * The runs chosen with {@code FRESHET_BENCH_MIXED_LOAD_RUNS} ({@code policy@percent}, and {@code burst}, comma-separated,
     * e.g. {@code deadline@50,static@50}) to compare variants without the whole matrix; empty: every run and the burst.
     */
    static List<String> chosenRuns() {
        String chosen = System.getenv("FRESHET_BENCH_MIXED_LOAD_RUNS");
        return chosen == null || chosen.isBlank() ? List.of()
                : java.util.Arrays.stream(chosen.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    /**
     * Processor options added to every policy's ({@code FRESHET_BENCH_PROCESSOR_OPTS}, space-separated, e.g.
     * {@code -Dfreshet.processor.quota-pacing-burst=0.5}) to try a setting on the same demand; empty: none.
     */
    static List<String> extraProcessorOptions() {
        String extra = System.getenv("FRESHET_BENCH_PROCESSOR_OPTS");
        return extra == null || extra.isBlank() ? List.of() : List.of(extra.trim().split("\\s+"));
    }

    /**
     * One policy with one budget on the seeded demand: viewers play the schedule, the SLO is sampled, the queue drained.
     * With {@code tokens} each viewer sends its client token; a {@code sideLoad} runs beside the viewers
     * (started with them, closed when they leave).
     */
    Run runOnce(BenchContext ctx, String tracker, List<TypeInfo> types, List<Viewers.Event> schedule, int viewers,
                long durationMs, String policy, double share, int limit, IntFunction<String> tokens,
                Callable<AutoCloseable> sideLoad) throws Exception {
        var stack = ctx.stack();
        int usable = (int) Math.floor(limit * (1 - SAFETY_MARGIN));
        ctx.sql().update("""
                update provider_quotas set calls_per_minute = ?, calls_per_day = null, bytes_per_window = null,
                       bytes_window_seconds = null, max_concurrency = 8, safety_margin_pct = ?, on_demand_reserve_pct = 20
                 where provider = 'fmp'""", limit, SAFETY_MARGIN * 100);
        // every run starts with a minute of its own: the calls of the previous run's drain (budget lifted) would
        // otherwise count against this run's first minute and leave it a backlog the first run of a bench never has,
        // and the warm-up and the measured minute are the same calendar minutes of every run
        Thread.sleep(Math.round((60 - ctx.sql().number("select extract(epoch from now())::numeric % 60")) * 1000) + 200);
        ctx.sql().update("delete from refresh_jobs where provider = 'fmp'");
        seed(ctx);
        installLedger(ctx);
        stack.simulator().reset();
        stack.simulator().knobs(dev.freshet.simulator.faults.Knobs.fromJson("""
                {"seed": 7, "global": {"latency": {"type": "lognormal", "medianMs": 80, "p99Ms": 400},
                                       "errors": {"rate": 0.01, "status": 503}}}"""));

        // daemon threads: the client's pool must not keep the benchmark's JVM alive after the results
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8, Thread.ofPlatform().daemon().factory())).connectTimeout(Duration.ofSeconds(10)).build();
        Viewers load = new Viewers(http, tracker, viewers, 64, tokens);
        SloTally slo = new SloTally(60 / SAMPLE_SECONDS);
        List<Double> t = Collections.synchronizedList(new ArrayList<>());
        List<Double> pending = Collections.synchronizedList(new ArrayList<>());
        List<Double> processing = Collections.synchronizedList(new ArrayList<>());
        List<double[]> dueSamples = Collections.synchronizedList(new ArrayList<>());
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
                            select unnest(array[count(*) filter (where status = 'pending'), count(*) filter (where status = 'processing'),
                                                count(*) filter (where status = 'pending' and provider = 'fmp' and run_after <= now()),
                                                extract(epoch from now())])
                              from refresh_jobs""");
                    t.add((System.currentTimeMillis() - start) / 1000.0);
                    pending.add(row.get(0));
                    processing.add(row.get(1));
                    dueSamples.add(new double[]{row.get(3), row.get(2)});
                } catch (RuntimeException e) {
                    ctx.progress("mixed-load: queue depth sample failed: " + e.getMessage());
                }
            }, 0, 1, TimeUnit.SECONDS);

            ctx.progress("mixed-load: %s, %d viewers over %d symbols for %d s, fmp %d calls/min (%.0f%% of the naive need)".formatted(
                    policy, viewers, UNIVERSE, durationMs / 1000, limit, share * 100));
            Thread driver = Thread.ofPlatform().name("mixed-load-viewers").start(() -> load.drive(schedule, start, durationMs));
            AutoCloseable side = sideLoad == null ? null : sideLoad.call();
            long nextSample = start + WARM_UP_SECONDS * 1000L;
            while (System.currentTimeMillis() - start < durationMs) {
                long now = System.currentTimeMillis();
                if (now >= nextSample) {
                    for (TypeInfo ti : types) {
                        List<Double> c = ctx.sql().numbers(freshnessSql(ti), ti.dataType(), ti.ttlSeconds(),
                                ti.ttlSeconds() + ORPHAN_GRACE_SECONDS, ti.dataType(), ti.ttlSeconds(), ti.ttlSeconds());
                        slo.add(ti.tier(), c.get(0).longValue(), c.get(1).longValue(), c.get(3).longValue());
                        orphans.add(c.get(2));
                    }
                    slo.endSample();
                    nextSample += SAMPLE_SECONDS * 1000L;
                }
                Thread.sleep(200);
            }
            driver.join();
            if (side != null) {
                side.close();
            }
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
        }

        double lost = ctx.sql().number(JOBS_LOST);
        double live = ctx.sql().number("select count(*) from bench_job_ledger l where exists (select 1 from refresh_jobs j where j.job_id = l.job_id)");
        double failed = ctx.sql().number("""
                select count(*) from bench_job_ledger l join refresh_job_history h using (job_id) where h.status <> 'completed'""");
        String spentOn = ctx.sql().text(CLAIMED_BY_DEADLINE, startEpoch + WARM_UP_SECONDS, endEpoch);
        removeLedger(ctx);

        // quota per whole minute of the viewing period, from api_usage; whether due work waited all through each
        List<Double> minuteStarts = ctx.sql().numbers("""
                select extract(epoch from m) from generate_series(date_trunc('minute', to_timestamp(?)) + interval '1 minute',
                       date_trunc('minute', to_timestamp(?)) - interval '1 minute', interval '1 minute') m order by m""", startEpoch, endEpoch);
        List<Double> perMinute = new ArrayList<>();
        List<Boolean> waited = new ArrayList<>();
        List<double[]> dues;
        synchronized (dueSamples) {
            dues = List.copyOf(dueSamples);
        }
        for (double m : minuteStarts) {
            perMinute.add(ctx.sql().number("select coalesce(sum(calls), 0) from api_usage where provider = 'fmp' and bucket_start = to_timestamp(?)", m));
            List<double[]> in = dues.stream().filter(d -> d[0] >= m && d[0] < m + 60).toList();
            waited.add(in.size() >= 50 && in.stream().allMatch(d -> d[1] > 0));
        }

        Path chart = Path.of(System.getProperty("freshet.root", ".")).resolve("benchmark/target")
                .resolve(CHART.replace(".png", "-" + policy + "-" + Math.round(share * 100) + ".png")).toAbsolutePath().normalize();
        List<Double> ts;
        List<Double> ps;
        List<Double> prs;
        synchronized (t) {
            ts = List.copyOf(t);
            ps = List.copyOf(pending);
            prs = List.copyOf(processing);
        }
        LineChart.write(chart, 1000, 500, "Mixed load, %s: refresh_jobs depth (%d viewers, %d calls/min quota)".formatted(policy, viewers, limit),
                "seconds since start", "jobs",
                List.of(new LineChart.Series("pending", new Color(31, 119, 180), LineChart.points(ts, ps)),
                        new LineChart.Series("processing", new Color(214, 39, 40), LineChart.points(ts, prs))),
                List.of(new LineChart.Marker(WARM_UP_SECONDS, "SLO sampling starts"),
                        new LineChart.Marker(durationMs / 1000.0, "viewers leave, quota lifted to drain")));
        double maxOrphans = orphans.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        // api_usage is what the processor settled; this is what the provider saw, by the minute of arrival
        List<Long> seenUpstream = new ArrayList<>();
        for (double m : minuteStarts) {
            seenUpstream.add(ctx.upstream().at(m));
        }
        List<String> byOrigin = new ArrayList<>();
        for (double m : minuteStarts) {
            List<Double> split = ctx.sql().numbers(CALLS_BY_ORIGIN, m, m);
            byOrigin.add("%.0f viewed + %.0f scheduled".formatted(split.get(0), split.get(1)));
        }
        ctx.progress("mixed-load: %s @%.0f%%: attainment %s; calls per minute %s of %d usable (the simulator saw %s; by the origin of the call's jobs %s)"
                .formatted(policy, share * 100, pooledLine(slo), perMinute, usable, seenUpstream, byOrigin));
        ctx.progress("mixed-load: %s @%.0f%%: attainment by the sample's second of the minute: %s"
                .formatted(policy, share * 100, byPhaseLine(slo)));
        ctx.progress("mixed-load: %s @%.0f%%: viewers' jobs, enqueue to claim, by tier and quarter of the minute they were enqueued in: %s"
                .formatted(policy, share * 100, ctx.sql().text(VIEWER_WAITS, startEpoch + WARM_UP_SECONDS, endEpoch)));
        ctx.progress("mixed-load: %s @%.0f%%: jobs that made FMP calls and their calls, by tier and the 10 s of the minute they were claimed in: %s"
                .formatted(policy, share * 100, ctx.sql().text(CLAIMS_BY_SECOND, startEpoch + WARM_UP_SECONDS, endEpoch)));
        ctx.progress("mixed-load: %s @%.0f%%: jobs that made FMP calls in the measured time, by tier and origin, due (or within a minute of it) / refreshed ahead when claimed: %s"
                .formatted(policy, share * 100, spentOn));
        return new Run(policy, share, limit, usable, slo, perMinute, waited, lost, failed, live, drainedAfter, maxOrphans,
                load.p99(), load.summary());
    }

    /** The run's ledger of every job inserted, which {@link #JOBS_LOST} and {@link #CLAIMED_BY_DEADLINE} read. */
    static final String CREATE_LEDGER =
            "create unlogged table bench_job_ledger (job_id bigint primary key, data_type text, symbol text, origin text, deadline_at timestamptz)";

    /**
     * Jobs lost: in the run's ledger (every job inserted) but neither finished into history nor still queued. Riders
     * are left out: a rider whose call failed is dropped unrecorded by design (nobody asked for it, so it is neither
     * retried nor kept), and one 503 of a batch call dropped 60 to 90 of them, which this counted as lost.
     */
    static final String JOBS_LOST = """
            select count(*) from bench_job_ledger l
             where l.origin <> 'ride_along'
               and not exists (select 1 from refresh_job_history h where h.job_id = l.job_id)
               and not exists (select 1 from refresh_jobs j where j.job_id = l.job_id)""";

    /**
     * FMP calls claimed in the minute starting at $1 (and $2), from history: each job of a one-symbol type is a call, a
     * batch type's jobs claimed together one call; viewed when any of its jobs was a viewer's or manual. Calls of
     * attempts that were retried leave no history row, so this slightly undercounts.
     */
    static final String CALLS_BY_ORIGIN = """
            with calls as (
                select bool_or(h.origin in ('viewer', 'manual')) as viewed
                  from refresh_job_history h join data_type_registry r using (data_type)
                 where h.provider = 'fmp' and h.http_status is not null
                   and h.claimed_at >= to_timestamp(?) and h.claimed_at < to_timestamp(?) + interval '1 minute'
                 group by h.data_type, h.claimed_by, h.claimed_at, case when r.handler_config -> 'batch' is null then h.job_id end
            )
            select unnest(array[count(*) filter (where viewed), count(*) filter (where not viewed)]) from calls""";

    /**
     * How long viewers' FMP jobs enqueued from $1 to $2 (epochs) waited to be claimed, per tier and quarter of the minute
     * they were enqueued in: count, p50, p95, max in ms. A refresh-ahead job waits for its deadline on purpose; a pair
     * seen stale waits for a call, which is the wait that shows.
     */
    static final String VIEWER_WAITS = """
            select string_agg(format('%s :%s n=%s p50 %s p95 %s max %s', tier, quarter * 15, n, p50, p95, longest), '; '
                              order by tier, quarter)
              from (select r.tier, floor(extract(second from h.enqueued_at) / 15)::int as quarter, count(*) as n,
                           round(percentile_cont(0.5) within group (order by w)) as p50,
                           round(percentile_cont(0.95) within group (order by w)) as p95, round(max(w)) as longest
                      from (select data_type, enqueued_at, extract(epoch from claimed_at - enqueued_at) * 1000 as w
                              from refresh_job_history
                             where provider = 'fmp' and origin = 'viewer' and claimed_at is not null
                               and enqueued_at >= to_timestamp(?) and enqueued_at < to_timestamp(?)) h
                      join data_type_registry r using (data_type)
                     group by 1, 2) q""";

    /**
     * When in the minute FMP jobs (not riders) claimed from $1 to $2 (epochs) were claimed, per tier and 10 s of the
     * minute, and the calls they made: where the pacing and the reserves put each tier's calls, and how many jobs a
     * batch type's call carried (a one-symbol type's job is a call; a batch type's jobs claimed together are one, as the
     * bench's claims never take more than a call's symbols).
     */
    static final String CLAIMS_BY_SECOND = """
            select string_agg(format('%s :%s %s jobs, %s calls', tier, slot * 10, n, calls), '; ' order by tier, slot)
              from (select r.tier, floor(extract(second from h.claimed_at) / 10)::int as slot, count(*) as n,
                           count(*) filter (where jsonb_typeof(r.handler_config -> 'batch' -> 'maxSymbols') is distinct from 'number')
                           + count(distinct (h.data_type, h.claimed_by, h.claimed_at))
                                 filter (where jsonb_typeof(r.handler_config -> 'batch' -> 'maxSymbols') = 'number') as calls
                      from refresh_job_history h join data_type_registry r using (data_type)
                     where h.provider = 'fmp' and h.http_status is not null and h.origin <> 'ride_along'
                       and h.claimed_at >= to_timestamp(?) and h.claimed_at < to_timestamp(?)
                     group by 1, 2) q""";

    /**
     * The jobs (not riders) that made FMP calls claimed from $1 to $2 (epochs), by tier and origin: claimed when due or
     * within a minute of their deadline, or earlier (refresh-ahead far from its deadline); and those whose viewers had all
     * left when they were claimed (a job's viewer count is lowered while it waits, never while it runs). From the run's
     * job ledger, which keeps each job's deadline as enqueued.
     */
    private static final String CLAIMED_BY_DEADLINE = """
            select string_agg(format('%s %s %s / %s (nobody viewing when claimed: %s)', tier, origin, due, ahead, unviewed), '; '
                              order by tier, origin)
              from (select r.tier, h.origin, count(*) filter (where h.viewer_count = 0) as unviewed,
                           count(*) filter (where h.claimed_at >= coalesce(l.deadline_at, h.enqueued_at) - interval '60 seconds') as due,
                           count(*) filter (where h.claimed_at < coalesce(l.deadline_at, h.enqueued_at) - interval '60 seconds') as ahead
                      from bench_job_ledger l join refresh_job_history h using (job_id) join data_type_registry r on r.data_type = h.data_type
                     where h.provider = 'fmp' and h.http_status is not null
                       and h.origin <> 'ride_along' and h.claimed_at >= to_timestamp(?) and h.claimed_at < to_timestamp(?)
                     group by 1, 2) c""";

    private static String spread(List<Double> shares) {
        Result.Summary sum = Result.Summary.of(shares);
        return "median %.3f [%.3f–%.3f]".formatted(sum.median(), sum.min(), sum.max());
    }

    /** The fmp budget lifted and the simulator's defaults back, as the other scenarios expect them. */
    static void liftBudget(BenchContext ctx) {
        ctx.sql().update("""
                update provider_quotas set calls_per_minute = null, calls_per_day = null, bytes_per_window = null,
                       bytes_window_seconds = null, max_concurrency = 64 where provider = 'fmp'""");
        ctx.stack().simulator().reset();
    }

    /** The processor and checker as the bench stack runs them (scheduled refreshes off). */
    static void defaultServices(BenchContext ctx) throws Exception {
        var stack = ctx.stack();
        stack.stop("queue-processor");
        stack.clearServiceProperties("queue-processor");
        stack.startInstance("queue-processor", PortCheck.freePort(), Duration.ofMinutes(3));
        stack.stop("staleness-checker");
        stack.clearServiceProperties("staleness-checker")
                .serviceProperties("staleness-checker", "-Dfreshet.checker.scheduled-refresh.enabled=false");
        stack.startInstance("staleness-checker", PortCheck.freePort(), Duration.ofMinutes(3));
    }

    /** Seeds the cached data and answers each page type's demand model (batch size, seeded ages). */
    static List<FreshnessBound.Type> seededDemand(BenchContext ctx, List<TypeInfo> types) throws Exception {
        seed(ctx);
        List<FreshnessBound.Type> demandTypes = new ArrayList<>();
        for (TypeInfo ti : types) {
            demandTypes.add(new FreshnessBound.Type(ti.dataType(), ti.tier(), ti.ttlSeconds(), batchSize(ctx, ti), seededAges(ctx, ti)));
        }
        return demandTypes;
    }

    /** Pairs one call of the data type serves: handler_config.batch.maxSymbols, else 1. */
    private static int batchSize(BenchContext ctx, TypeInfo ti) {
        return (int) ctx.sql().number("""
                select coalesce((handler_config -> 'batch' ->> 'maxSymbols')::int, 1) from data_type_registry where data_type = ?""",
                ti.dataType());
    }

    /** Age in seconds of each seeded symbol's newest row, right after seeding (absent = missing). */
    private static Map<String, Double> seededAges(BenchContext ctx, TypeInfo ti) throws Exception {
        Map<String, Double> out = new LinkedHashMap<>();
        try (var c = ctx.sql().connect(); var ps = c.prepareStatement("select %3$s, extract(epoch from now() - max(%2$s)) from %1$s where %3$s like 'MX%%' group by %3$s"
                .formatted(ti.table(), ti.timestampColumn(), ti.symbolColumn()))) {
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getDouble(2));
                }
            }
        }
        return out;
    }

    /** Per tier, the attainment of the samples taken at each second of the minute (sampling starts on a minute). */
    static String byPhaseLine(SloTally slo) {
        StringBuilder sb = new StringBuilder();
        for (String tier : slo.tiers()) {
            sb.append(sb.isEmpty() ? "" : "; ").append(tier);
            List<Double> phases = slo.pooledByPhase(tier);
            for (int k = 0; k < phases.size(); k++) {
                sb.append(" :%02d %.3f".formatted(k * SAMPLE_SECONDS, phases.get(k)));
            }
        }
        return sb.toString();
    }

    static String pooledLine(SloTally slo) {
        StringBuilder sb = new StringBuilder();
        for (String tier : slo.tiers()) {
            sb.append(sb.isEmpty() ? "" : ", ").append(tier).append(' ').append("%.3f".formatted(slo.pooled(tier)));
        }
        StringBuilder split = new StringBuilder();
        for (String tier : slo.tiers()) {
            split.append(split.isEmpty() ? "" : ", ").append(tier).append(' ').append("%.2f".formatted(slo.staleWhenFirstViewed(tier)));
        }
        return sb + " (of the stale pair-samples, the share stale when first viewed: " + split + ")";
    }

    /**
     * One row for a data type: viewed pairs (live presence), those within the TTL, those stale or
     * missing for more than the grace, viewed for longer than it, with no job queued, and those stale
     * that were already stale (or missing) when first viewed. Identifiers come from the registry
     * (validated names). Params: type, ttl, ttl + grace, type, ttl, ttl.
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
                                       and not exists (select 1 from refresh_jobs j where j.data_type = ? and j.symbol = a.symbol)),
                    count(*) filter (where (newest is null or newest < now() - make_interval(secs => ?))
                                       and (newest is null or newest < since - make_interval(secs => ?)))])
                  from aged a""".formatted(ti.table(), ti.timestampColumn(), ti.symbolColumn(), ORPHAN_GRACE_SECONDS);
    }

    static List<TypeInfo> types(BenchContext ctx) throws Exception {
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
     * scheduled refresh; 90% of the universe a quote from some time in the last day (viewed earlier, so
     * almost all stale: a quote's TTL is a minute).
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
                insert into quotes (symbol, refreshed_at)
                select 'MX' || g, now() - (abs(hashint4(g + 8)) % 1000) / 1000.0 * interval '1 day'
                  from generate_series(0, ? - 1) g where abs(hashint4(g + 9)) % 10 <> 0""", UNIVERSE);
        ctx.sql().update("""
                insert into financial_statements (symbol, fiscal_date, period, refreshed_at)
                select 'MX' || g, date '2024-12-31', 'FY', now() - (abs(hashint4(g + 6)) % 1000) / 1000.0 * 2 * interval '7 days'
                  from generate_series(0, 2000 - 1) g""");
    }

    private static void installLedger(BenchContext ctx) {
        removeLedger(ctx);
        ctx.sql().update(CREATE_LEDGER);
        // the services insert jobs as their own roles, which may not write the benchmark's table: the
        // ledger is written with the rights of the benchmark that created it
        ctx.sql().update("""
                create function bench_ledger_note() returns trigger language plpgsql
                security definer set search_path from current as $$
                begin
                    insert into bench_job_ledger select job_id, data_type, symbol, origin, deadline_at from bench_new_jobs on conflict do nothing;
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

        /** At {@code at} ms from the start, a viewer moves to {@code symbol} (or heartbeats when {@code move} is false). */
        record Event(long at, int viewer, boolean move, String symbol) {
        }

        private final HttpClient http;
        /** A viewer's client token (by viewer number), or null: no tokens sent. */
        private final IntFunction<String> tokens;
        private final String tracker;
        private final int count;
        private final Semaphore window;
        private final String[] current;
        private final List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        private final AtomicLong requests = new AtomicLong();
        private final AtomicLong errors = new AtomicLong();
        private final Map<Integer, AtomicLong> statuses = new LinkedHashMap<>();
        private long moves;

        private final ExecutorService followUps = Executors.newVirtualThreadPerTaskExecutor();

        Viewers(HttpClient http, String tracker, int count, int maxInFlight, IntFunction<String> tokens) {
            this.http = http;
            this.tokens = tokens;
            this.tracker = tracker;
            this.count = count;
            this.window = new Semaphore(maxInFlight);
            this.current = new String[count];
        }

        /**
         * The seeded schedule of every viewer's moves and heartbeats, in time order: arrivals spread over
         * the first 20 s, Zipf-popular symbols, exponential dwell, a heartbeat every 30 s. The same for
         * every run of the same size, so policies are compared on the same demand.
         */
        static List<Event> schedule(int count, long durationMs, Zipf zipf) {
            SplittableRandom random = new SplittableRandom(11);
            PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> Long.compare(a.at(), b.at()));
            for (int v = 0; v < count; v++) {
                long at = (long) (random.nextDouble() * 20_000);
                events.add(new Event(at, v, true, null));
                events.add(new Event(at + HEARTBEAT_SECONDS * 1000L, v, false, null));
            }
            List<Event> out = new ArrayList<>();
            while (!events.isEmpty()) {
                Event e = events.poll();
                if (e.at() >= durationMs) {
                    break;
                }
                if (e.move()) {
                    out.add(new Event(e.at(), e.viewer(), true, "MX" + zipf.sample(random)));
                    long dwell = (long) (-Math.log(1 - random.nextDouble()) * DWELL_MEAN_SECONDS * 1000);
                    events.add(new Event(e.at() + Math.max(1000, dwell), e.viewer(), true, null));
                } else {
                    out.add(e);
                    events.add(new Event(e.at() + HEARTBEAT_SECONDS * 1000L, e.viewer(), false, null));
                }
            }
            return out;
        }

        /** The symbols viewed at each sample time (every {@code sampleSeconds} from the start) under a schedule. */
        static List<FreshnessBound.Sample> demand(List<Event> schedule, long durationMs, int sampleSeconds) {
            Map<Integer, String> at = new java.util.HashMap<>();
            List<FreshnessBound.Sample> out = new ArrayList<>();
            int next = 0;
            for (long t = 0; t < durationMs; t += sampleSeconds * 1000L) {
                while (next < schedule.size() && schedule.get(next).at() <= t) {
                    Event e = schedule.get(next++);
                    if (e.move()) {
                        at.put(e.viewer(), e.symbol());
                    }
                }
                out.add(new FreshnessBound.Sample(t / 1000.0, java.util.Set.copyOf(at.values())));
            }
            return out;
        }

        void drive(List<Event> schedule, long start, long durationMs) {
            try {
                for (Event e : schedule) {
                    if (e.at() >= durationMs) {
                        break;
                    }
                    long wait = start + e.at() - System.currentTimeMillis();
                    if (wait > 0) {
                        Thread.sleep(wait);
                    }
                    if (e.move()) {
                        String next = e.symbol();
                        String previous = current[e.viewer()];
                        current[e.viewer()] = next;
                        moves++;
                        CompletableFuture<Void> leave = previous == null || previous.equals(next) ? CompletableFuture.completedFuture(null)
                                : send(as(e.viewer(), HttpRequest.newBuilder(URI.create(tracker + "/v1/subscriptions/mx-" + e.viewer() + "/" + previous)))
                                .DELETE());
                        // send() may wait for a free slot: never in a completion stage, whose thread the
                        // completions of the requests holding the slots need (on 2 cores the common pool has one)
                        leave.thenComposeAsync(x -> send(as(e.viewer(), post("/v1/subscriptions", "{\"clientId\":\"mx-%d\",\"symbol\":\"%s\",\"dataTypes\":[%s]}"
                                .formatted(e.viewer(), next, String.join(",", PAGE.stream().map(p -> "\"" + p + "\"").toList()))))), followUps);
                    } else {
                        send(as(e.viewer(), post("/v1/heartbeat", "{\"clientId\":\"mx-%d\"}".formatted(e.viewer()))));
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
                calls.add(send(as(v, HttpRequest.newBuilder(URI.create(tracker + "/v1/subscriptions/mx-" + v))).DELETE()));
            }
            try {
                CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
            } catch (Exception e) {
                throw new IllegalStateException("viewers could not leave: " + e, e);
            }
        }

        /**
         * The request from the viewer's own address (honoured by a tracker that trusts the local proxy, so that
         * 800 viewers do not share one address's rate limit) with its client token, when viewers send tokens.
         */
        private HttpRequest.Builder as(int viewer, HttpRequest.Builder request) {
            request.header("X-Forwarded-For", SubscribeBurst.userAddress(viewer));
            return tokens == null ? request : request.header("Authorization", "Bearer " + tokens.apply(viewer));
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
