package dev.freshet.benchmark;

import dev.freshet.launcher.PortCheck;
import dev.freshet.shared.aggregation.AggregationSql;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Issues 8 and 10: one year (× {@code --scale}, which multiplies the number of days) of 1-minute bars
 * of 50 symbols, weekdays only, 24 h a day, ~0.1% of minutes missing (about 18.8M bars at scale 1),
 * aggregated into 5m, 15m (from 5m), 1h (from 15m) and 1d (from 1h) as the registry ships them.
 * Reports 1-minute bars aggregated per second:
 * <ul>
 *   <li>end to end: the bars-* registry rows enabled, the checker's aggregation-due task (every 1 s
 *       here, 60 s by default) syncing and queueing the due tasks, the processor's aggregate-bars
 *       handler catching them up 2,000 windows per job, until every task's cursor reached the end of
 *       the data. The data types' schedule intervals (60 s–1 h) are set to 1 s for the run: with them,
 *       a higher timeframe that ran before its source had progressed waits up to an hour;</li>
 *   <li>the engine alone: the handler's catch-up + finish transaction (V50 functions, same bound of
 *       2,000 windows per run) in a loop from 4 connections, timeframe after timeframe.</li>
 * </ul>
 * Reference, same run: one hand-written {@code INSERT … SELECT … GROUP BY date_bin(…)} per
 * timeframe straight from data_bars into a logged scratch table of derived_data_bars' shape and
 * indexes. Every run of ours is checked against the reference's rows (count and checksum) before
 * its figure counts. The load of data_bars (set-based, generate_series) is timed and reported apart.
 */
public final class Aggregation implements Scenario {

    static final int SYMBOLS = 50;
    static final List<String> TIMEFRAMES = List.of("5m", "15m", "1h", "1d");
    static final List<String> DATA_TYPES = List.of("bars-5m", "bars-15m", "bars-1h", "bars-1d");
    /** The processor's freshet.aggregation.max-windows-per-run default. */
    static final int MAX_WINDOWS = 2000;
    static final int ENGINE_CONNECTIONS = 4;
    private static final String DAY0 = "2025-01-01 00:00:00+00";
    private static final String CHECKSUM = """
            select count(*), coalesce(sum(hashtext(concat_ws('|', symbol, timeframe, extract(epoch from ts_utc), open, high, low,
                   close, volume, source_bar_count, quality_score))::bigint), 0)
              from %s where deleted_at is null""";

    @Override
    public String name() {
        return "aggregation";
    }

    @Override
    public List<Result> run(BenchContext ctx) throws Exception {
        int days = ctx.scaled(365, 1);
        var stack = ctx.stack();
        stack.stop("staleness-checker");
        stack.clearServiceProperties("staleness-checker").serviceProperties("staleness-checker",
                "-Dfreshet.checker.scheduled-refresh.enabled=false", "-Dfreshet.checker.aggregation.every=1s");
        List<Double> load = new ArrayList<>();
        List<Double> reference = new ArrayList<>();
        List<Double> engine = new ArrayList<>();
        List<Double> endToEnd = new ArrayList<>();
        Map<String, List<Double>> refPerTf = new LinkedHashMap<>();
        Map<String, List<Double>> enginePerTf = new LinkedHashMap<>();
        TIMEFRAMES.forEach(tf -> {
            refPerTf.put(tf, new ArrayList<>());
            enginePerTf.put(tf, new ArrayList<>());
        });
        double bars;
        double derived = 0;
        long e2eJobs = 0;
        Vertx vertx = Vertx.vertx();
        try {
            stack.startInstance("staleness-checker", PortCheck.freePort(), Duration.ofMinutes(3));
            enableTypes(ctx, false);
            reset(ctx);
            ctx.sql().update("truncate data_bars");
            ctx.progress("aggregation: loading %d days of 1-minute bars for %d symbols…".formatted(days, SYMBOLS));
            long t0 = System.nanoTime();
            for (int s = 1; s <= SYMBOLS; s++) {
                loadSymbol(ctx, s, days);
            }
            ctx.sql().update("analyze data_bars");
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            bars = ctx.sql().number("select count(*) from data_bars where timeframe = '1m'");
            load.add(bars / loadSeconds);
            ctx.progress("aggregation: %.0f bars loaded in %.1f s (%.0f bars/s)".formatted(bars, loadSeconds, bars / loadSeconds));
            ctx.sql().update("drop table if exists bench_agg_ref");
            ctx.sql().update("create table bench_agg_ref (like derived_data_bars including all)");
            ctx.sql().update("drop table if exists bench_agg_end");
            ctx.sql().update("""
                    create table bench_agg_end as
                    select b.symbol, t.timeframe, date_bin(agg_timeframe_interval(t.timeframe), max(b.ts_utc) + interval '1 minute',
                           timestamptz '1970-01-01 00:00:00+00') as end_cursor
                      from data_bars b cross join unnest(?::text[]) t(timeframe) where b.timeframe = '1m'
                     group by b.symbol, t.timeframe""", (Object) TIMEFRAMES.toArray(String[]::new));

            for (int r = 0; r < ctx.runs(); r++) {
                // the reference
                ctx.sql().update("truncate bench_agg_ref");
                ctx.sql().update("checkpoint");
                double refSeconds = 0;
                for (String tf : TIMEFRAMES) {
                    double s = handWritten(ctx, tf);
                    refPerTf.get(tf).add(s);
                    refSeconds += s;
                }
                reference.add(bars / refSeconds);
                List<Long> expected = checksum(ctx, "bench_agg_ref");
                derived = expected.get(0);
                ctx.progress("aggregation: reference %.1f s (%s), %d derived bars".formatted(refSeconds,
                        perTf(refPerTf, r), expected.get(0)));

                // the engine alone
                reset(ctx);
                ctx.sql().number("select tasks_total from sync_agg_state_from_registry(timestamptz '1970-01-01 00:00:00+00')");
                ctx.sql().update("checkpoint");
                double engineSeconds = 0;
                for (String tf : TIMEFRAMES) {
                    double s = engineTimeframe(ctx, vertx, tf);
                    enginePerTf.get(tf).add(s);
                    engineSeconds += s;
                }
                verify(ctx, "engine", expected);
                engine.add(bars / engineSeconds);
                ctx.progress("aggregation: engine alone %.1f s (%s)".formatted(engineSeconds, perTf(enginePerTf, r)));

                // end to end through the checker, the queue and the processor
                reset(ctx);
                ctx.sql().update("checkpoint");
                double e2eSeconds = endToEnd(ctx, days);
                verify(ctx, "end to end", expected);
                e2eJobs = (long) ctx.sql().number("""
                        select count(*) from refresh_job_history where data_type like 'bars-%' and origin = 'aggregation'
                           and finished_at > now() - make_interval(secs => ?)""", e2eSeconds + 30);
                endToEnd.add(bars / e2eSeconds);
                ctx.progress("aggregation: end to end %.1f s".formatted(e2eSeconds));
            }
        } finally {
            enableTypes(ctx, false);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            stack.stop("staleness-checker");
            stack.clearServiceProperties("staleness-checker")
                    .serviceProperties("staleness-checker", "-Dfreshet.checker.scheduled-refresh.enabled=false");
            stack.startInstance("staleness-checker", PortCheck.freePort(), Duration.ofMinutes(3));
        }
        String note = ("%.0f 1-minute bars (%d symbols × %d days at scale %.2f, weekdays, ~0.1%% minutes missing) → %.0f derived bars "
                + "in 5m/15m/1h/1d (15m from 5m, 1h from 15m, 1d from 1h as the registry ships); every run of ours checked equal to the "
                + "reference (count + checksum); end to end: checker aggregation-due every 1 s, schedule intervals 1 s, "
                + "%d aggregate-bars jobs in the last run; engine: %d connections, %d windows per run")
                .formatted(bars, SYMBOLS, days, ctx.scale(), derived, e2eJobs, ENGINE_CONNECTIONS, MAX_WINDOWS);
        List<Result> results = new ArrayList<>();
        results.add(new Result(name(), "end to end (queue)", "1m bars aggregated", "bars/s", Result.Summary.of(endToEnd),
                Result.Summary.of(reference), "hand-written GROUP BY", note));
        results.add(new Result(name(), "engine alone", "1m bars aggregated", "bars/s", Result.Summary.of(engine),
                Result.Summary.of(reference), "hand-written GROUP BY", note));
        for (String tf : TIMEFRAMES) {
            results.add(new Result(name(), "engine " + tf, "time for the timeframe", "s", Result.Summary.of(enginePerTf.get(tf)),
                    Result.Summary.of(refPerTf.get(tf)), "GROUP BY from data_bars", note));
        }
        results.add(new Result(name(), "load data_bars", "generate_series insert", "bars/s", Result.Summary.of(load), null, "-",
                note));
        return results;
    }

    private static String perTf(Map<String, List<Double>> perTf, int run) {
        StringBuilder sb = new StringBuilder();
        perTf.forEach((tf, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(tf).append(' ').append("%.1f s".formatted(v.get(run))));
        return sb.toString();
    }

    /**
     * One symbol's bars, set-based. Prices are a deterministic function of symbol and minute (two
     * sine waves plus hashed noise), high ≥ max(open, close), low ≤ min(open, close); weekends have no
     * bars and ~0.1% of minutes are missing (never in the last day, so the last window of every
     * timeframe is complete).
     */
    static void loadSymbol(BenchContext ctx, int s, int days) {
        ctx.sql().update("""
                insert into data_bars (symbol, timeframe, ts_utc, open, high, low, close, volume, refreshed_at)
                select sym, '1m', ts, o, round(greatest(o, c) + h1, 4), round(least(o, c) - h2, 4), c, v, now()
                  from (select 'AG' || lpad(?::text, 2, '0') as sym, ts,
                               round(p::numeric + (hashint8(k) % 1000) / 10000.0, 4) as o,
                               round(p::numeric + (hashint8(k + 1) % 1000) / 10000.0, 4) as c,
                               abs(hashint8(k + 2) % 500) / 10000.0 as h1,
                               abs(hashint8(k + 3) % 500) / 10000.0 as h2,
                               (abs(hashint8(k + 4) % 5000) + 1)::numeric as v,
                               k, last_day
                          from (select ts, m * 100 + ? as k, ts >= e - interval '1 day' as last_day,
                                       (20 + ? * 3) * (1 + 0.2 * sin(m / 20000.0 + ?) + 0.01 * sin(m / 97.0 + ?)) as p
                                  from (select ts, (extract(epoch from ts) / 60)::bigint as m, e
                                          from (select timestamptz 'DAY0' + make_interval(days => ?) as e) x,
                                               generate_series(timestamptz 'DAY0', timestamptz 'DAY0' + make_interval(days => ?)
                                                               - interval '1 minute', interval '1 minute') ts
                                         where extract(isodow from ts at time zone 'UTC') < 6) y) z) w
                 where last_day or hashint8(k + 5) % 1000 <> 0""".replace("DAY0", DAY0), s, s, s, s, s, days, days);
    }

    private static double handWritten(BenchContext ctx, String tf) throws Exception {
        return handWritten(ctx, tf, "bench_agg_ref", "%");
    }

    /**
     * The reference: one hand-written GROUP BY of the 1-minute bars of the symbols matching
     * {@code symbols} (a LIKE pattern) into {@code table}, a scratch table of derived_data_bars' shape. Seconds.
     */
    static double handWritten(BenchContext ctx, String tf, String table, String symbols) throws Exception {
        try (Connection c = ctx.sql().connect(); Statement st = c.createStatement();
             PreparedStatement insert = c.prepareStatement("""
                     insert into %1$s (symbol, timeframe, ts_utc, open, high, low, close, volume, source_bar_count,
                                       quality_score, deleted_at, refreshed_at)
                     select symbol, '%2$s', date_bin(agg_timeframe_interval('%2$s'), ts_utc, timestamptz '1970-01-01 00:00:00+00'),
                            (array_agg(open order by ts_utc))[1], max(high), min(low), (array_agg(close order by ts_utc desc))[1],
                            sum(volume), count(*), least(1, round(count(*) / %3$s, 4)), null, now()
                       from data_bars where timeframe = '1m' and symbol like ?
                      group by symbol, 3""".formatted(table, tf, minutes(tf) + ".0"))) {
            st.execute("set application_name = 'bench-agg-ref'");
            insert.setString(1, symbols);
            long t0 = System.nanoTime();
            insert.executeUpdate();
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    static int minutes(String tf) {
        return switch (tf) {
            case "5m" -> 5;
            case "15m" -> 15;
            case "1h" -> 60;
            case "1d" -> 1440;
            default -> throw new IllegalArgumentException(tf);
        };
    }

    /** Every symbol's task of one timeframe caught up as the handler does it, from a few connections. */
    private static double engineTimeframe(BenchContext ctx, Vertx vertx, String tf) throws Exception {
        var db = ctx.sql().database();
        PgConnectOptions connect = PgConnectOptions.fromUri(db.url()).setUser(db.user()).setPassword(db.password());
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(ENGINE_CONNECTIONS)).connectingTo(connect).using(vertx).build();
        ConcurrentLinkedQueue<String> symbols = new ConcurrentLinkedQueue<>();
        for (int s = 1; s <= SYMBOLS; s++) {
            symbols.add("AG%02d".formatted(s));
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long t0 = System.nanoTime();
        try {
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < ENGINE_CONNECTIONS; i++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        for (String symbol = symbols.poll(); symbol != null; symbol = symbols.poll()) {
                            while (catchUpOnce(pool, symbol, tf)) {
                                // more windows due: the processor runs the task again at once
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
        } finally {
            ProcessorThroughput.await(pool.close());
        }
        if (failure.get() != null) {
            throw new IllegalStateException("engine " + tf + ": " + failure.get(), failure.get());
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** One run of AggregateBarsHandler: catch-up and finish in one transaction. Answers whether more is due. */
    private static boolean catchUpOnce(Pool pool, String symbol, String tf) throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Row row = ProcessorThroughput.await(pool.withTransaction(conn -> conn.preparedQuery(AggregationSql.CATCH_UP)
                .execute(Tuple.of(symbol, tf, MAX_WINDOWS, now))
                .compose(rs -> {
                    Row r = rs.iterator().next();
                    if (!"ok".equals(r.getString("outcome"))) {
                        return io.vertx.core.Future.failedFuture(new IllegalStateException(symbol + " " + tf + ": " + r.getString("outcome")));
                    }
                    return conn.preparedQuery(AggregationSql.FINISH).execute(Tuple.from(new Object[]{symbol, tf, true,
                            r.getOffsetDateTime("cursor_to"), null, now, now.plusSeconds(60), 3})).map(x -> r);
                })));
        return row.getBoolean("more_due");
    }

    /** Enables the bars-* types and waits until every task's cursor reached the end of the data. Seconds. */
    private static double endToEnd(BenchContext ctx, int days) throws Exception {
        long timeoutMs = Math.max(300_000, (long) (days * 20_000L));
        long t0 = System.nanoTime();
        enableTypes(ctx, true);
        try {
            while (true) {
                double done = ctx.sql().number("""
                        select count(*) from data_agg_state s join bench_agg_end e using (symbol, timeframe)
                         where s.last_agg_bar_ts_utc >= e.end_cursor""");
                if (done >= SYMBOLS * TIMEFRAMES.size()) {
                    return (System.nanoTime() - t0) / 1e9;
                }
                double failed = ctx.sql().number("select count(*) from data_agg_state where status = 'hard_failed' or last_error is not null");
                if (failed > 0) {
                    throw new IllegalStateException("aggregation tasks failed: " + ctx.sql().numbers(
                            "select hard_fail_streak from data_agg_state where last_error is not null"));
                }
                if ((System.nanoTime() - t0) / 1_000_000 > timeoutMs) {
                    throw new IllegalStateException("end to end: only %.0f of %d tasks at the end after %d s"
                            .formatted(done, SYMBOLS * TIMEFRAMES.size(), timeoutMs / 1000));
                }
                Thread.sleep(250);
            }
        } finally {
            enableTypes(ctx, false);
            awaitNoAggregationJobs(ctx);
        }
    }

    private static void enableTypes(BenchContext ctx, boolean on) {
        ctx.sql().update("""
                update data_type_registry set rollout_state = case when ? then 'live' else 'off' end,
                       schedule_interval_seconds = case when ? then 1 else case data_type when 'bars-5m' then 60 when 'bars-15m' then 300
                                                   when 'bars-1h' then 900 else 3600 end end
                 where data_type = any(?)""", on, on, DATA_TYPES.toArray(String[]::new));
    }

    private static void awaitNoAggregationJobs(BenchContext ctx) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (ctx.sql().number("select count(*) from refresh_jobs where data_type like 'bars-%' and status = 'processing'") > 0
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        ctx.sql().update("delete from refresh_jobs where data_type like 'bars-%' and status = 'pending'");
    }

    private static void reset(BenchContext ctx) {
        ctx.sql().update("truncate derived_data_bars");
        ctx.sql().update("delete from data_agg_state");
        ctx.sql().update("delete from data_agg_invalidation");
    }

    static List<Long> checksum(BenchContext ctx, String table) throws Exception {
        try (Connection c = ctx.sql().connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(CHECKSUM.formatted(table))) {
            rs.next();
            return List.of(rs.getLong(1), rs.getLong(2));
        }
    }

    /** A fast wrong answer must not pass: our derived bars must equal the reference's, row for row. */
    private static void verify(BenchContext ctx, String what, List<Long> expected) throws Exception {
        List<Long> ours = checksum(ctx, "derived_data_bars");
        if (!ours.equals(expected)) {
            throw new IllegalStateException("%s: derived bars differ from the reference: count/checksum %s, expected %s; per timeframe %s vs %s"
                    .formatted(what, ours, expected,
                            ctx.sql().numbers("select count(*) from derived_data_bars where deleted_at is null group by timeframe order by timeframe"),
                            ctx.sql().numbers("select count(*) from bench_agg_ref group by timeframe order by timeframe")));
        }
    }
}
