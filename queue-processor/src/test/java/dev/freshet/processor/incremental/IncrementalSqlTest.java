package dev.freshet.processor.incremental;

import dev.freshet.processor.ProcessorTestBase;
import dev.freshet.processor.Fixtures;
import dev.freshet.shared.handler.IncrementalColumn;
import dev.freshet.shared.registry.DataType;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.UpstreamStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import static dev.freshet.testsupport.rows.JobRow.job;
import static org.assertj.core.api.Assertions.assertThat;

/** The incremental-fetch statements on the real database, against the seeded bars-1m type and data_bars. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
class IncrementalSqlTest extends ProcessorTestBase {

    private static final IncrementalColumn TS = new IncrementalColumn("ts_utc", Map.of("timeframe", "1m"));

    private DataType bars() {
        return Fixtures.awaitType(registry, "bars-1m");
    }

    private void bar(String symbol, String ts) {
        sql.update("""
                insert into data_bars (symbol, timeframe, ts_utc, open, high, low, close, volume, refreshed_at)
                values (?, '1m', ?::timestamptz, 1, 1, 1, 1, 1, now())""", symbol, ts);
    }

    /** A job nobody will claim (its run is an hour away), to carry a payload. */
    private long parkedJob(String symbol) {
        return job("bars-1m", symbol).provider("polygon").runAfterSql("now() + interval '1 hour'").insert(sql);
    }

    @Test
    void lastCoveredGivesPerSymbolTheNewestStoredTimeAndTheJobsCoveredThroughNote() {
        bar("ISQ-A", "2025-06-02T10:00:00Z");
        bar("ISQ-A", "2025-06-02T10:01:00Z");
        bar("ISQ-OTHER", "2025-06-02T11:00:00Z");
        long noted = parkedJob("ISQ-B");
        sql.update("update refresh_jobs set payload = payload || '{\"coveredThrough\": \"2025-06-03T00:00:00Z\"}' where job_id = ?", noted);
        long plain = parkedJob("ISQ-A");
        DataType dt = bars();
        assertThat(IncrementalSql.constantKeys(dt, TS)).containsExactly("timeframe");

        Tuple params = Tuple.of(new String[]{"ISQ-A", "ISQ-B", "ISQ-C"}, new Long[]{plain, noted, -1L}, new JsonObject().put("timeframe", "1m"));
        Map<String, Row> bySymbol = new HashMap<>();
        pool.preparedQuery(IncrementalSql.lastCovered(dt, TS)).execute(params).await().atMost(Duration.ofSeconds(10))
                .forEach(r -> bySymbol.put(r.getString("symbol"), r));

        assertThat(bySymbol).containsOnlyKeys("ISQ-A", "ISQ-B", "ISQ-C");
        assertThat(bySymbol.get("ISQ-A").getOffsetDateTime("last_stored").toInstant()).isEqualTo(at("2025-06-02T10:01:00Z").toInstant());
        assertThat(bySymbol.get("ISQ-A").getValue("covered_through")).isNull();
        assertThat(bySymbol.get("ISQ-B").getValue("last_stored")).isNull();
        assertThat(bySymbol.get("ISQ-B").getOffsetDateTime("covered_through").toInstant()).isEqualTo(at("2025-06-03T00:00:00Z").toInstant());
        assertThat(bySymbol.get("ISQ-C").getValue("last_stored")).isNull();
        assertThat(bySymbol.get("ISQ-C").getValue("covered_through")).isNull();
        sql.update("delete from refresh_jobs where job_id = any(?)", (Object) new Long[]{noted, plain});
    }

    @Test
    void noteCoveredMarksOnlyPendingJobsOfTheDataTypeAndSymbols() {
        long pending = parkedJob("ISQ-N1");
        long running = job("bars-1m", "ISQ-N2").provider("polygon")
                .processingSql("someone", "now()", "now() + interval '1 minute'").insert(sql);
        long otherSymbol = parkedJob("ISQ-N3");

        pool.preparedQuery(IncrementalSql.NOTE_COVERED).execute(Tuple.of("bars-1m", new String[]{"ISQ-N1", "ISQ-N2"},
                new OffsetDateTime[]{at("2025-06-04T00:00:00Z"), at("2025-06-04T00:00:00Z")})).await().atMost(Duration.ofSeconds(10));

        assertThat(coveredThrough(pending)).isNotNull();
        assertThat(OffsetDateTime.parse(coveredThrough(pending)).toInstant()).isEqualTo(at("2025-06-04T00:00:00Z").toInstant());
        assertThat(coveredThrough(running)).as("a job someone runs is left alone").isNull();
        assertThat(coveredThrough(otherSymbol)).isNull();
        sql.update("delete from refresh_jobs where job_id = any(?)", (Object) new Long[]{pending, running, otherSymbol});
    }

    private String coveredThrough(long jobId) {
        return (String) sql.value("select payload ->> 'coveredThrough' from refresh_jobs where job_id = ?", jobId);
    }

    private static OffsetDateTime at(String t) {
        return OffsetDateTime.parse(t).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
