package dev.freshet.benchmark;

import dev.freshet.launcher.PortCheck;
import dev.freshet.launcher.ServiceProcess;
import dev.freshet.shared.token.ClientTokenFormat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code mixed-load} viewers (signed in: each sends its client token) on the same seeded demand and
 * budget, in {@code --runs} interleaved pairs of runs: alone, and beside an attacker that sends {@value #ATTACK_RATE} requests a second for
 * the whole run: no token, a new random client id each time, ten random pattern-valid symbols of the
 * viewers' page types, made-up {@code X-Forwarded-For}/{@code Forwarded} headers, and every
 * {@value #OVERSIZED_EVERY}th body larger than the 64 KiB limit. The tracker runs with tokens optional
 * (verified when sent), the fair share on, and no trusted proxy.
 * <p>
 * Reports the provider calls the attacker caused (its address's count in {@code on_demand_calls}, and
 * the jobs of non-viewer symbols the processor ran) against the budget of the run, per-tier SLO
 * attainment with and without the attacker, the tracker's RSS at the end, and the attacker's answers
 * by status (429, 413, ...).
 */
public final class Abuse implements Scenario {

    static final int ATTACK_RATE = 200;
    static final int OVERSIZED_EVERY = 50;
    static final int SYMBOLS_PER_ATTACK = 10;
    static final int CALLS_PER_CALLER = 60;
    static final double UNAUTHENTICATED_SHARE = 0.05;
    private static final String SECRET = "bench-abuse-secret-0123456789-abcdefghijklmnop";
    private static final String POLICY = "deadline";

    @Override
    public String name() {
        return "abuse";
    }

    @Override
    public List<Result> run(BenchContext ctx) throws Exception {
        int viewers = ctx.scaled(2000, 100);
        long durationMs = (long) Math.max(120_000, 300_000 * ctx.scale());
        var stack = ctx.stack();
        List<MixedLoad.TypeInfo> types = MixedLoad.types(ctx);
        List<MixedLoad.Viewers.Event> schedule = MixedLoad.Viewers.schedule(viewers, durationMs, new Zipf(MixedLoad.UNIVERSE, 1.0));
        double need = FreshnessBound.compute(MixedLoad.seededDemand(ctx, types),
                MixedLoad.Viewers.demand(schedule, durationMs, MixedLoad.SAMPLE_SECONDS), Integer.MAX_VALUE, MixedLoad.WARM_UP_SECONDS)
                .naiveNeedPerMinute();
        int limit = (int) Math.max(2, Math.round(need / (1 - MixedLoad.SAFETY_MARGIN)));
        byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
        Instant tokensExpire = Instant.now().plus(Duration.ofHours(1));
        String[] tokens = new String[viewers];
        for (int v = 0; v < viewers; v++) {
            tokens[v] = ClientTokenFormat.issue(secret, "mx-" + v, tokensExpire);
        }

        stack.stop("staleness-checker");
        stack.clearServiceProperties("staleness-checker").serviceProperties("staleness-checker",
                "-Dfreshet.checker.scheduled-refresh.enabled=true");
        stack.startInstance("staleness-checker", PortCheck.freePort(), Duration.ofMinutes(3));
        stack.stop("queue-processor");
        stack.clearServiceProperties("queue-processor").serviceProperties("queue-processor", "-Dfreshet.processor.scheduling=" + POLICY);
        stack.startInstance("queue-processor", PortCheck.freePort(), Duration.ofMinutes(3));
        stack.stop("subscription-tracker");
        stack.clearServiceProperties("subscription-tracker").serviceProperties("subscription-tracker",
                "-Dfreshet.tracker.tokens.secret=" + SECRET, "-Dfreshet.tracker.tokens.required=false",
                "-Dfreshet.tracker.fair-share.calls-per-client-per-minute=" + CALLS_PER_CALLER,
                "-Dfreshet.tracker.fair-share.unauthenticated-share=" + UNAUTHENTICATED_SHARE);
        // on the stack's own port, so the scenarios after this one find the tracker where they expect it
        int trackerPort = URI.create(stack.url("subscription-tracker")).getPort();
        ServiceProcess tracker = stack.startInstance("subscription-tracker", trackerPort, Duration.ofMinutes(3));
        ctx.progress("abuse: %d viewers, %d s, fmp %d calls/min (the naive need), attacker %d req/s".formatted(viewers,
                durationMs / 1000, limit, ATTACK_RATE));

        MixedLoad mixed = new MixedLoad();
        List<Result> results = new ArrayList<>();
        try {
            // alone and attacked runs interleave, --runs pairs of them: one pair's gap is within the runs' own spread
            Attacker attacker = new Attacker(tracker.url(), types);
            Map<String, List<Double>> aloneByTier = new java.util.LinkedHashMap<>();
            Map<String, List<Double>> attackedByTier = new java.util.LinkedHashMap<>();
            double caused = 0;
            double worstMinute = 0;
            double ran = 0;
            double minutes = 0;
            List<String> ranBy = new ArrayList<>();
            for (int pair = 0; pair < ctx.runs(); pair++) {
                MixedLoad.Run alone = mixed.runOnce(ctx, tracker.url(), types, schedule, viewers, durationMs, POLICY, 1.0, limit,
                        v -> tokens[v], null);
                ctx.sql().update("truncate on_demand_calls");
                double attackStart = ctx.sql().number("select extract(epoch from now())");
                MixedLoad.Run attacked = mixed.runOnce(ctx, tracker.url(), types, schedule, viewers, durationMs, POLICY, 1.0, limit,
                        v -> tokens[v], () -> attacker.start());
                double attackEnd = ctx.sql().number("select extract(epoch from now())");
                minutes += (attackEnd - attackStart) / 60.0;
                caused += ctx.sql().number("select coalesce(sum(calls), 0) from on_demand_calls where scope like 'ip:%'");
                // the fair share is counted per minute of the database's clock: the worst minute against that minute's usable calls
                worstMinute = Math.max(worstMinute, ctx.sql().number("""
                        select coalesce(max(n), 0) from (select minute, sum(calls) as n from on_demand_calls
                                                          where scope like 'ip:%' group by minute) m"""));
                // every viewer job of a symbol no viewer looks at, however it was queued (the tracker, or the checker's presence scan)
                ran += ctx.sql().number("""
                        select count(*) from refresh_job_history
                         where symbol !~ '^MX' and origin = 'viewer' and enqueued_at >= to_timestamp(?)""", attackStart);
                ranBy.add(ctx.sql().text("""
                        select string_agg(format('%s %s http %s: %s', data_type, status, coalesce(http_status::text, '-'), n), ', ')
                          from (select data_type, status, http_status, count(*) as n from refresh_job_history
                                 where symbol !~ '^MX' and origin = 'viewer' and enqueued_at >= to_timestamp(?)
                                 group by 1, 2, 3 order by 1, 2, 3) x""", attackStart));
                for (String tier : List.of("critical", "standard", "low")) {
                    if (!attacked.slo().shares(tier).isEmpty()) {
                        aloneByTier.computeIfAbsent(tier, k -> new ArrayList<>()).add(alone.slo().pooled(tier));
                        attackedByTier.computeIfAbsent(tier, k -> new ArrayList<>()).add(attacked.slo().pooled(tier));
                    }
                }
                ctx.progress("abuse: pair %d: attainment alone %s; with the attacker %s".formatted(pair + 1,
                        MixedLoad.pooledLine(alone.slo()), MixedLoad.pooledLine(attacked.slo())));
            }
            double rss = ServiceFootprint.rssMegabytes(tracker.pid());
            ctx.progress("abuse: viewer jobs of symbols no viewer looks at, by data type, outcome and provider answer: " + ranBy);
            double budget = Math.floor(limit * (1 - MixedLoad.SAFETY_MARGIN)) * minutes;
            String note = "%d pair(s) of runs; %d viewers (tokens) + attacker %d req/s (no token, random client ids and symbols, spoofed forwarding headers), %.1f min attacked, fmp %d calls/min, fair share %d/caller/min, unauthenticated %.0f%% of the on-demand reserve; %s"
                    .formatted(ctx.runs(), viewers, ATTACK_RATE, minutes, limit, CALLS_PER_CALLER, UNAUTHENTICATED_SHARE * 100, attacker.summary());
            ctx.progress("abuse: attacker caused %.0f calls (tracker's count; worst minute %.0f), %.0f viewer jobs ran for its symbols, budget %.0f; %s"
                    .formatted(caused, worstMinute, ran, budget, attacker.summary()));
            ctx.progress("abuse: tracker RSS %.0f MB".formatted(rss));
            results.add(new Result(name(), "attacker", "provider calls caused", "share of budget",
                    Result.Summary.of(List.of(caused / budget)), Result.Summary.of(List.of(0.01)), "target ≤ 1 % of the budget", note));
            results.add(new Result(name(), "attacker", "provider calls caused in its worst minute", "share of the minute's usable calls",
                    Result.Summary.of(List.of(worstMinute / Math.floor(limit * (1 - MixedLoad.SAFETY_MARGIN)))), Result.Summary.of(List.of(0.01)),
                    "target ≤ 1 % of the budget", note));
            results.add(new Result(name(), "attacker", "viewer jobs run for its symbols", "jobs",
                    Result.Summary.of(List.of(ran)), Result.Summary.of(List.of(budget)), "budget of the run", note));
            for (String tier : attackedByTier.keySet()) {
                results.add(new Result(name(), "tier " + tier, "freshness SLO attainment", "share",
                        Result.Summary.of(attackedByTier.get(tier)), Result.Summary.of(aloneByTier.get(tier)),
                        "runs without the attacker, interleaved (target within 2 points)", note));
            }
            results.add(new Result(name(), "tracker", "RSS at the end", "MB", Result.Summary.of(List.of(rss)), null, "-", note));
            for (Map.Entry<Integer, Long> e : attacker.statuses().entrySet()) {
                results.add(new Result(name(), "attacker", "answers " + (e.getKey() < 0 ? "failed" : e.getKey()), "requests",
                        Result.Summary.of(List.of((double) e.getValue())), null, "-", note));
            }
        } finally {
            // the stack as the other scenarios expect it
            MixedLoad.liftBudget(ctx);
            MixedLoad.defaultServices(ctx);
            stack.stop("subscription-tracker");
            stack.clearServiceProperties("subscription-tracker");
            stack.startInstance("subscription-tracker", trackerPort, Duration.ofMinutes(3));
        }
        return results;
    }

    /** {@value #ATTACK_RATE} requests a second, paced by a scheduler, sent without waiting for answers. */
    static final class Attacker {

        private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        private final String tracker;
        private final String dataTypes;
        private final HttpClient http = HttpClient.newBuilder()
                .executor(Executors.newFixedThreadPool(4, Thread.ofPlatform().daemon().factory()))
                .connectTimeout(Duration.ofSeconds(10)).build();
        private final SplittableRandom random = new SplittableRandom(23);
        private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
        private final AtomicLong sent = new AtomicLong();
        private final AtomicLong inFlight = new AtomicLong();

        Attacker(String tracker, List<MixedLoad.TypeInfo> types) {
            this.tracker = tracker;
            this.dataTypes = String.join(",", types.stream().map(t -> "\"" + t.dataType() + "\"").toList());
        }

        AutoCloseable start() {
            ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
            pace.scheduleAtFixedRate(this::attack, 0, 1_000_000 / ATTACK_RATE, TimeUnit.MICROSECONDS);
            return () -> {
                pace.shutdownNow();
                pace.awaitTermination(5, TimeUnit.SECONDS);
            };
        }

        private void attack() {
            long n = sent.incrementAndGet();
            // a browser-like cap on what is outstanding: an overloaded tracker is not buried under queued sockets
            if (inFlight.get() > 512) {
                statuses.computeIfAbsent(-2, s -> new AtomicLong()).incrementAndGet();
                return;
            }
            StringBuilder symbols = new StringBuilder();
            for (int i = 0; i < SYMBOLS_PER_ATTACK; i++) {
                symbols.append(i == 0 ? "" : ",").append('"').append(symbol()).append('"');
            }
            String clientId = "x" + Long.toHexString(random.nextLong());
            String body = "{\"clientId\":\"" + clientId + "\",\"symbols\":[" + symbols + "],\"dataTypes\":[" + dataTypes + "]"
                    + (n % OVERSIZED_EVERY == 0 ? ",\"pad\":\"" + "A".repeat(70 * 1024) + "\"" : "") + "}";
            String spoofed = random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
            HttpRequest request = HttpRequest.newBuilder(URI.create(tracker + "/v1/subscriptions/batch"))
                    .header("content-type", "application/json")
                    .header("X-Forwarded-For", spoofed)
                    .header("Forwarded", "for=" + spoofed)
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            inFlight.incrementAndGet();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, error) -> {
                inFlight.decrementAndGet();
                statuses.computeIfAbsent(error != null ? -1 : response.statusCode(), s -> new AtomicLong()).incrementAndGet();
                if (error != null) {
                    Throwable root = error;
                    while (root.getCause() != null) {
                        root = root.getCause();
                    }
                    failures.computeIfAbsent(root.getClass().getSimpleName() + ": " + root.getMessage(), k -> new AtomicLong())
                            .incrementAndGet();
                }
                return null;
            });
        }

        /** A symbol the tracker's pattern accepts, never one of the viewers' MX universe. */
        private String symbol() {
            StringBuilder s = new StringBuilder("Q");
            int length = 2 + random.nextInt(5);
            for (int i = 0; i < length; i++) {
                s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            return s.toString();
        }

        Map<Integer, Long> statuses() {
            Map<Integer, Long> out = new TreeMap<>();
            statuses.forEach((k, v) -> out.put(k, v.get()));
            return out;
        }

        String summary() {
            Map<String, Long> failed = new TreeMap<>();
            failures.forEach((k, v) -> failed.put(k, v.get()));
            return "attacker sent %d: %s (-1 failed, -2 skipped while 512 were outstanding); failures %s"
                    .formatted(sent.get(), statuses(), failed);
        }
    }
}
