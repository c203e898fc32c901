package dev.freshet.processor.incremental;

import dev.freshet.processor.ProcessorTestBase;
import dev.freshet.processor.Fixtures;
import dev.freshet.testsupport.UpstreamStub;
import dev.freshet.shared.queue.JobOrigin;
import dev.freshet.shared.registry.DataType;
import dev.freshet.testsupport.MinuteBars;
import dev.freshet.testsupport.PolygonStub;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 8: bars-1m fetched from the newest stored bar on, in bounded ranges, backfilled chunk after
 * chunk by follow-up jobs; run by the live processor against a real database and a Polygon-shaped
 * upstream over HTTP.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
@QuarkusTestResource(PolygonStub.class)
class IncrementalBarsTest extends ProcessorTestBase {

    private static final long MINUTE_MS = MinuteBars.MINUTE_MS;

    @Test
    void aFirstRunBackfillsChunkByChunkUpToNowWithNoGapAndNoDuplicate() {
        DataType bars = registry.find("bars-1m").orElseThrow();
        assertThat(bars.enabled()).as("enabled by default").isTrue();
        Instant start = midnight(7);

        Fixtures.enqueue(enqueuer, pool, bars, JobOrigin.VIEWER, List.of("BKFL"));
        List<Map<String, Object>> history = awaitDone("bars-1m", "BKFL", 2);
        Instant done = Instant.now();

        List<PolygonStub.Call> calls = PolygonStub.calls("BKFL");
        assertThat(calls).as("7 days in one call, then today").hasSize(2);
        assertThat(calls.get(0)).isEqualTo(new PolygonStub.Call(start, midnight(0).minusMillis(1), 200));
        assertThat(calls.get(1).from()).as("just after the last bar of the first chunk")
                .isEqualTo(midnight(0).minusMillis(MINUTE_MS - 1));
        assertThat(calls.get(1).to()).isBefore(done);
        assertThat(history).extracting(h -> h.get("status")).containsExactly("completed", "completed");
        assertThat(history).extracting(h -> h.get("origin")).as("the second chunk is a follow-up").containsExactly("viewer", "scheduled");
        assertThat(history.get(0).get("rows_written")).isEqualTo(7 * 1440);

        assertStoredAsServed("BKFL", start, done);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() ->
                jobs("bars-1m", "BKFL") == 0 && PolygonStub.calls("BKFL").size() == 2);
    }

    @Test
    void aRunWithBarsStoredAsksFromTheLastStoredBar() {
        Instant last = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(10, ChronoUnit.MINUTES);
        store("LAST", last.minus(4, ChronoUnit.MINUTES), last);

        Instant enqueued = Instant.now();
        Fixtures.enqueue(enqueuer, pool, registry.find("bars-1m").orElseThrow(), JobOrigin.VIEWER, List.of("LAST"));
        List<Map<String, Object>> history = awaitDone("bars-1m", "LAST", 1);

        List<PolygonStub.Call> calls = PolygonStub.calls("LAST");
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).from()).isEqualTo(last.plusMillis(1));
        assertThat(calls.get(0).to()).isAfterOrEqualTo(enqueued.truncatedTo(ChronoUnit.MILLIS)).isBeforeOrEqualTo(Instant.now());
        assertThat((Integer) history.get(0).get("rows_written")).isBetween(8, 11);
        assertStoredAsServed("LAST", last.minus(4, ChronoUnit.MINUTES), Instant.now());
    }

    @Test
    void anEmptyAnswerCompletesWithZeroRows() {
        PolygonStub.alwaysEmpty("EMPT");
        Instant last = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(5, ChronoUnit.MINUTES);
        store("EMPT", last, last);

        Fixtures.enqueue(enqueuer, pool, registry.find("bars-1m").orElseThrow(), JobOrigin.VIEWER, List.of("EMPT"));
        Map<String, Object> h = awaitDone("bars-1m", "EMPT", 1).get(0);

        assertThat(h.get("status")).isEqualTo("completed");
        assertThat(h.get("rows_written")).isEqualTo(0);
        assertThat(h.get("http_status")).isEqualTo(200);
        assertThat(PolygonStub.calls("EMPT")).hasSize(1);
        assertThat(sql.count("select count(*) from data_bars where symbol = 'EMPT'")).isEqualTo(1);
    }

    @Test
    void emptyChunksOfABackfillMoveOnInsteadOfAskingForTheSameRangeAgain() {
        DataType dt = chunkedType("bars-gaps", 3, 1);
        PolygonStub.alwaysEmpty("GAPS");

        Fixtures.enqueue(enqueuer, pool, dt, JobOrigin.VIEWER, List.of("GAPS"));
        List<Map<String, Object>> history = awaitDone("bars-gaps", "GAPS", 4);

        List<PolygonStub.Call> calls = PolygonStub.calls("GAPS");
        assertThat(calls).extracting(PolygonStub.Call::from)
                .containsExactly(midnight(3), midnight(2), midnight(1), midnight(0));
        assertThat(calls.subList(0, 3)).extracting(PolygonStub.Call::to)
                .containsExactly(midnight(2).minusMillis(1), midnight(1).minusMillis(1), midnight(0).minusMillis(1));
        assertThat(history).extracting(h -> h.get("rows_written")).containsExactly(0, 0, 0, 0);
        assertThat(history).extracting(h -> h.get("status")).containsOnly("completed");
        assertThat(sql.value("select payload ->> 'coveredThrough' from refresh_job_history where data_type = 'bars-gaps' and origin = 'scheduled' order by finished_at limit 1"))
                .as("the follow-up carries how far the upstream had nothing").isNotNull();
    }

    @Test
    void aFaultMidBackfillIsRetriedAndTheNextSuccessResumesFromTheLastStoredBar() {
        DataType dt = chunkedType("bars-faulty", 2, 1);
        PolygonStub.failEverySecondRequest("FLTY");
        Instant start = midnight(2);

        Fixtures.enqueue(enqueuer, pool, dt, JobOrigin.VIEWER, List.of("FLTY"));
        List<Map<String, Object>> history = awaitDone("bars-faulty", "FLTY", 3);
        Instant done = Instant.now();

        List<PolygonStub.Call> calls = PolygonStub.calls("FLTY");
        assertThat(calls).extracting(PolygonStub.Call::status).containsExactly(200, 500, 200, 500, 200);
        Instant afterFirstChunk = midnight(1).minusMillis(MINUTE_MS - 1);
        assertThat(calls).extracting(PolygonStub.Call::from)
                .containsExactly(start, afterFirstChunk, afterFirstChunk, midnight(0).minusMillis(MINUTE_MS - 1),
                        midnight(0).minusMillis(MINUTE_MS - 1));
        assertThat(history).extracting(h -> h.get("status")).containsOnly("completed");
        assertThat(history).extracting(h -> h.get("attempts")).containsExactly(1, 2, 2);
        assertStoredAsServed("FLTY", start, done);
    }

    @Test
    void nothingIsCalledWhileNoNewRecordCanExistYet() {
        Instant future = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(5, ChronoUnit.MINUTES);
        store("FUTR", future, future);

        Fixtures.enqueue(enqueuer, pool, registry.find("bars-1m").orElseThrow(), JobOrigin.VIEWER, List.of("FUTR"));
        Map<String, Object> h = awaitDone("bars-1m", "FUTR", 1).get(0);

        assertThat(h.get("status")).isEqualTo("completed");
        assertThat(h.get("rows_written")).isEqualTo(0);
        assertThat(h.get("http_status")).as("no call was made").isNull();
        assertThat(PolygonStub.calls("FUTR")).isEmpty();
    }

    @Test
    void theLookupIsOneIndexDescentPerSymbol() throws Exception {
        DataType bars = registry.find("bars-1m").orElseThrow();
        var column = new dev.freshet.shared.handler.IncrementalColumn("ts_utc", Map.of("timeframe", "1m"));
        String statement = IncrementalSql.lastCovered(bars, column);
        try (var c = sql.connect(); var st = c.createStatement()) {
            st.execute("set enable_seqscan = off");
            st.execute("prepare lookup(text[], bigint[], jsonb) as " + statement);
            var rs = st.executeQuery("explain execute lookup('{AAA,BBB}', '{1,2}', '{\"timeframe\": \"1m\"}')");
            StringBuilder plan = new StringBuilder();
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
            assertThat(plan.toString()).contains("Limit").containsPattern("Index Only Scan Backward using data_bars_pkey")
                    .doesNotContain("Sort");
        }
    }

    /** A bars data type like bars-1m but of its own, with short chunks and quick retries. */
    private DataType chunkedType(String name, int backfillDays, int maxDaysPerCall) {
        String config = """
                {"path": "/v2/aggs/ticker/{symbol}/range/1/minute/{fromMillis}/{toMillis}?adjusted=true&sort=asc&limit=50000&apiKey={apiKey}",
                 "records": "/results",
                 "incremental": {"column": "ts_utc", "backfillDays": %d, "maxDaysPerCall": %d},
                 "retry": {"baseSeconds": 0.2, "capSeconds": 1},
                 "columns": {"timeframe": {"value": "1m", "type": "text"},
                             "ts_utc": {"field": "/t", "type": "epoch_millis"},
                             "open": {"field": "/o", "type": "numeric"}, "high": {"field": "/h", "type": "numeric"},
                             "low": {"field": "/l", "type": "numeric"}, "close": {"field": "/c", "type": "numeric"},
                             "volume": {"field": "/v", "type": "numeric"}, "vwap": {"field": "/vw", "type": "numeric"},
                             "trade_count": {"field": "/n", "type": "integer"}}}""".formatted(backfillDays, maxDaysPerCall);
        sql.update("""
                insert into data_type_registry (data_type, display_name, provider, handler, handler_config, table_name,
                    timestamp_column, symbol_column, key_columns, scope, ttl_seconds, refresh_mode, priority, tier, max_attempts)
                values (?, ?, 'polygon', 'http-json', ?::jsonb, 'data_bars', 'refreshed_at', 'symbol',
                        '{symbol,timeframe,ts_utc}', 'symbol', 60, 'on_demand', 5, 'standard', 5)""", name, name, config);
        return Fixtures.awaitType(registry, name);
    }

    private List<Map<String, Object>> awaitDone(String dataType, String symbol, int jobs) {
        // a follow-up is queued in the transaction that completes its predecessor: no queued job means the chain ended
        await().atMost(Duration.ofSeconds(60)).until(() -> jobs(dataType, symbol) == 0
                && sql.count("select count(*) from refresh_job_history where data_type = ? and symbol = ?", dataType, symbol) >= jobs);
        List<Map<String, Object>> history = sql.rows("""
                select * from refresh_job_history where data_type = ? and symbol = ? order by finished_at""", dataType, symbol);
        assertThat(history).hasSize(jobs);
        return history;
    }

    private long jobs(String dataType, String symbol) {
        return sql.count("select count(*) from refresh_jobs where data_type = ? and symbol = ?", dataType, symbol);
    }

    /** Every minute from {@code first} to the newest bar stored once, as the upstream served it, up to the last complete minute. */
    private void assertStoredAsServed(String symbol, Instant first, Instant until) {
        List<Map<String, Object>> rows = sql.rows("""
                select (extract(epoch from ts_utc) * 1000)::bigint as t, timeframe, open, high, low, close, volume, vwap, trade_count
                  from data_bars where symbol = ? order by ts_utc""", symbol);
        assertThat(rows).isNotEmpty();
        long firstMinute = first.toEpochMilli() / MINUTE_MS;
        long lastMinute = ((Number) rows.getLast().get("t")).longValue() / MINUTE_MS;
        assertThat(((Number) rows.getFirst().get("t")).longValue()).isEqualTo(first.toEpochMilli());
        assertThat(lastMinute).as("up to the last complete minute").isGreaterThanOrEqualTo(until.toEpochMilli() / MINUTE_MS - 3);
        assertThat(rows).as("one bar per minute, no gap, no duplicate").hasSize((int) (lastMinute - firstMinute + 1));
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            MinuteBars.Bar served = MinuteBars.bar(symbol, firstMinute + i);
            assertThat(((Number) row.get("t")).longValue()).isEqualTo(served.startMillis());
            assertThat(row.get("timeframe")).isEqualTo("1m");
            assertThat((BigDecimal) row.get("open")).isEqualByComparingTo(served.open());
            assertThat((BigDecimal) row.get("high")).isEqualByComparingTo(served.high());
            assertThat((BigDecimal) row.get("low")).isEqualByComparingTo(served.low());
            assertThat((BigDecimal) row.get("close")).isEqualByComparingTo(served.close());
            assertThat((BigDecimal) row.get("volume")).isEqualByComparingTo(BigDecimal.valueOf(served.volume()));
            assertThat((BigDecimal) row.get("vwap")).isEqualByComparingTo(served.vwap());
            assertThat(row.get("trade_count")).isEqualTo(served.trades());
        }
    }

    /** Stores the bars the upstream would serve for [from, to], as an earlier run would have. */
    private void store(String symbol, Instant from, Instant to) {
        for (long m = from.toEpochMilli() / MINUTE_MS; m <= to.toEpochMilli() / MINUTE_MS; m++) {
            MinuteBars.Bar b = MinuteBars.bar(symbol, m);
            sql.update("""
                    insert into data_bars (symbol, timeframe, ts_utc, open, high, low, close, volume, vwap, trade_count, refreshed_at)
                    values (?, '1m', ?, ?, ?, ?, ?, ?, ?, ?, now())""", symbol, Timestamp.from(Instant.ofEpochMilli(b.startMillis())),
                    b.open(), b.high(), b.low(), b.close(), BigDecimal.valueOf(b.volume()), b.vwap(), b.trades());
        }
    }

    private static Instant midnight(int daysAgo) {
        return LocalDate.now(ZoneOffset.UTC).minusDays(daysAgo).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
