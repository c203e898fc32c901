package dev.freshet.checker.scheduled;

import dev.freshet.checker.CheckerTestBase;
import dev.freshet.shared.handler.ConstantKeys;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.Registry;
import dev.freshet.shared.registry.Scope;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import dev.freshet.testsupport.rows.UsageRow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.freshet.checker.CheckerDb.at;
import static dev.freshet.testsupport.rows.JobRow.job;
import static dev.freshet.testsupport.rows.QuotaRow.quota;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The scheduled-refresh statements on the real database. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class ScheduledRefreshSqlTest extends CheckerTestBase {

    private static final Instant NOW = Instant.parse("2025-05-01T12:00:30Z");

    @Inject
    Registry registry;

    @BeforeEach
    @AfterEach
    void removeTestProvider() {
        db.sql.update("delete from provider_quotas where provider = 'sqlq'");
    }

    private List<Row> rows(String statement, DataType dt, Object... params) {
        List<Row> out = new ArrayList<>();
        pool.preparedQuery(statement).execute(ConstantKeys.bind(dt, Tuple.from(params)))
                .await().atMost(Duration.ofSeconds(10)).forEach(out::add);
        return out;
    }

    private void usage(String provider, Instant bucket, int calls, long bytes) {
        UsageRow.usage(provider, bucket).calls(calls).bytes(bytes).insert(db.sql);
    }

    @Test
    void providerBudgetsSumUsageInEachWindowAndWhatJobsHoldOrWaitFor() {
        quota("sqlq").callsPerMinute(100).callsPerDay(1000).bytesPerWindow(10_000, 3600).safetyMarginPct(5).onDemandReservePct(15)
                .insert(db.sql);
        usage("sqlq", Instant.parse("2025-05-01T12:00:00Z"), 3, 100);        // this minute, today, in the byte window
        usage("sqlq", Instant.parse("2025-05-01T11:30:00Z"), 5, 200);        // today, in the byte window
        usage("sqlq", Instant.parse("2025-05-01T10:00:00Z"), 7, 400);        // today only
        usage("sqlq", Instant.parse("2025-04-30T23:59:00Z"), 11, 800);       // yesterday: none
        usage("fmp", Instant.parse("2025-05-01T12:00:00Z"), 50, 5000);       // another provider
        job("quote", "P1").provider("sqlq").processing("p1", NOW, NOW.plusSeconds(60)).reserved(2, 500).insert(db.sql);
        job("quote", "P2").provider("sqlq").processing("p1", NOW, NOW.plusSeconds(60)).reserved(1, 50).insert(db.sql);
        job("quote", "W1").provider("sqlq").estimatedBytes(1000).insert(db.sql);
        job("quote", "W2").provider("sqlq").insert(db.sql);
        job("quote", "F1").processing("p1", NOW, NOW.plusSeconds(60)).reserved(9, 9).insert(db.sql);

        Row q = execute(ScheduledRefreshSql.PROVIDER_BUDGETS, at(NOW)).stream()
                .filter(r -> r.getString("provider").equals("sqlq")).findFirst().orElseThrow();

        assertThat(q.getInteger("calls_per_minute")).isEqualTo(100);
        assertThat(q.getInteger("calls_per_day")).isEqualTo(1000);
        assertThat(q.getLong("bytes_per_window")).isEqualTo(10_000);
        assertThat(q.getDouble("safety_margin_pct")).isEqualTo(5.0);
        assertThat(q.getDouble("on_demand_reserve_pct")).isEqualTo(15.0);
        assertThat(q.getLong("calls_minute")).isEqualTo(3);
        assertThat(q.getLong("calls_day")).isEqualTo(15);
        assertThat(q.getLong("bytes_window")).isEqualTo(300);
        assertThat(q.getLong("reserved_calls")).isEqualTo(3);
        assertThat(q.getLong("reserved_bytes")).isEqualTo(550);
        assertThat(q.getLong("pending")).isEqualTo(2);
        assertThat(q.getLong("pending_bytes")).isEqualTo(1000);
    }

    @Test
    void scanBatchPagesSymbolsAfterTheCursorAndMarksTheStaleUnqueuedOnesDue() {
        DataType quote = registry.find("quote").orElseThrow();
        Instant cutoff = NOW.minusSeconds(60);
        db.quote("A", NOW.minusSeconds(600));
        db.quote("B", NOW);
        db.quote("C", NOW.minusSeconds(600));
        db.quote("D", cutoff);
        job("quote", "C").insert(db.sql);
        job("profile", "A").insert(db.sql);                                   // another data type's job

        List<Row> first = rows(ScheduledRefreshSql.scanBatch(quote), quote, "", 3, at(cutoff), "quote");
        List<Row> rest = rows(ScheduledRefreshSql.scanBatch(quote), quote, "C", 3, at(cutoff), "quote");

        assertThat(first).extracting(r -> r.getString("symbol"), r -> r.getBoolean("due"))
                .containsExactly(tuple("A", true), tuple("B", false), tuple("C", false));
        assertThat(rest).extracting(r -> r.getString("symbol"), r -> r.getBoolean("due")).containsExactly(tuple("D", true));
    }

    @Test
    void scanBatchOnASharedTableIsNeverDueForAnotherDataTypesRows() {
        db.aggregationTypesEnabled(true, registry);
        DataType bars = registry.find("bars-5m").orElseThrow();
        db.derivedBar("B15", "15m", NOW.minusSeconds(3600));
        db.derivedBar("B5", "5m", NOW.minusSeconds(3600));

        List<Row> batch = rows(ScheduledRefreshSql.scanBatch(bars), bars, "", 10, at(NOW), "bars-5m");

        assertThat(batch).extracting(r -> r.getString("symbol"), r -> r.getBoolean("due"))
                .containsExactly(tuple("B15", false), tuple("B5", true));
    }

    @Test
    void globalDueWhenNoRowIsNewerThanTheCutoffAndNothingIsQueued() {
        DataType exchanges = registry.find("available-exchanges").orElseThrow();
        Instant cutoff = NOW.minusSeconds(60);
        String statement = ScheduledRefreshSql.globalDue(exchanges);
        Object[] params = {at(cutoff), "available-exchanges", Scope.GLOBAL_SYMBOL};

        assertThat(rows(statement, exchanges, params).get(0).getBoolean("due")).as("empty table").isTrue();
        db.sql.update("insert into available_exchanges (exchange, refreshed_at) values ('OLD', ?)", at(cutoff));
        assertThat(rows(statement, exchanges, params).get(0).getBoolean("due")).as("only old rows").isTrue();
        job("available-exchanges", Scope.GLOBAL_SYMBOL).insert(db.sql);
        assertThat(rows(statement, exchanges, params).get(0).getBoolean("due")).as("queued").isFalse();
        db.sql.update("truncate refresh_jobs");
        db.sql.update("insert into available_exchanges (exchange, refreshed_at) values ('NEW', ?)", at(NOW));
        assertThat(rows(statement, exchanges, params).get(0).getBoolean("due")).as("a fresh row").isFalse();
    }

    @Test
    void saveCursorUpsertsAndKeepsTheLastFinishWhenGivenNone() {
        assertThat(rowCount(ScheduledRefreshSql.LOAD_CURSOR, "quote")).isZero();
        Instant started = NOW.minusSeconds(30);

        execute(ScheduledRefreshSql.SAVE_CURSOR, "quote", null, at(started), at(NOW), at(NOW));
        execute(ScheduledRefreshSql.SAVE_CURSOR, "quote", "M", at(NOW), null, at(NOW.plusSeconds(5)));

        Row c = execute(ScheduledRefreshSql.LOAD_CURSOR, "quote").get(0);
        assertThat(c.getString("last_symbol")).isEqualTo("M");
        assertThat(c.getOffsetDateTime("pass_started_at").toInstant()).isEqualTo(NOW);
        assertThat(db.sql.rows("select pass_finished_at, updated_at from scheduled_scan_cursor where data_type = 'quote'")).hasSize(1);
        assertThat(((java.sql.Timestamp) db.sql.value("select pass_finished_at from scheduled_scan_cursor where data_type = 'quote'"))
                .toInstant()).isEqualTo(NOW);
        assertThat(rowCount(ScheduledRefreshSql.LOAD_CURSOR, "profile")).isZero();
    }
}
