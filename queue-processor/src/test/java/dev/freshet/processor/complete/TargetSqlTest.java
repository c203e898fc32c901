package dev.freshet.processor.complete;

import dev.freshet.processor.ProcessorTestBase;
import dev.freshet.processor.Fixtures;
import dev.freshet.shared.registry.DataType;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.UpstreamStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The target statements (upsert, shadow record) on the real database, against the quotes table and,
 * for rows missing from a whole-set fetch, the dividend history.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
class TargetSqlTest extends ProcessorTestBase {

    private static final List<String> MAPPED = List.of("name", "price", "volume", "source_ts");

    /** Paused: the application's claim loops leave it alone; each test runs the statement it names. */
    private DataType type(String name) {
        return Fixtures.quoteType(registry, name, name + "-p", 3, "paused", null);
    }

    private static JsonObject quote(String symbol, String price, String sourceTs) {
        return new JsonObject().put("symbol", symbol).put("name", symbol + " Inc").put("price", price).put("volume", 100)
                .put("source_ts", sourceTs);
    }

    @Inject
    TargetWriter writer;

    /** The statements' $1, as the writer makes it. */
    private static String json(JsonArray rows) {
        return UpsertRows.of(rows.stream().map(JsonObject.class::cast).toList()).json();
    }

    private long[] run(String statement, Tuple params) {
        Row r = pool.preparedQuery(statement).execute(params).await().atMost(Duration.ofSeconds(10)).iterator().next();
        return new long[]{r.getLong("incoming"), r.getLong("written")};
    }

    @Test
    void columnsAreTheMappedOnesPlusSymbolTimestampAndKeys() {
        DataType dt = type("tsql-cols");

        assertThat(TargetSql.columns(dt, MAPPED)).containsExactly("name", "price", "volume", "source_ts", "symbol", "refreshed_at");
    }

    @Test
    void upsertWritesOneRowPerKeyStampsTheTransactionTimeAndKeepsAStoredRowWithANewerSourceTime() {
        DataType dt = type("tsql-up");
        sql.update("""
                insert into quotes (symbol, name, price, volume, source_ts, refreshed_at)
                values ('TSQ-KEPT', 'old', 50, 1, '2025-06-01T12:00:00Z', '2025-06-01T12:00:00Z'),
                       ('TSQ-OLD', 'old', 40, 1, '2025-06-01T10:00:00Z', '2025-06-01T10:00:00Z')""");
        JsonArray rows = new JsonArray()
                .add(quote("TSQ-NEW", "10", "2025-06-01T11:00:00Z"))
                .add(quote("TSQ-NEW", "10", "2025-06-01T11:00:00Z"))
                .add(quote("TSQ-KEPT", "51", "2025-06-01T11:00:00Z"))
                .add(quote("TSQ-OLD", "41", "2025-06-01T11:00:00Z"));

        long[] counts = run(TargetSql.upsert(dt, TargetSql.columns(dt, MAPPED)), Tuple.of(json(rows)));

        assertThat(counts).as("incoming (one per key), written").containsExactly(3, 2);
        assertThat(sql.value("select price::text from quotes where symbol = 'TSQ-NEW'")).isEqualTo("10");
        assertThat(sql.value("select price::text from quotes where symbol = 'TSQ-OLD'")).isEqualTo("41");
        assertThat(sql.value("select price::text from quotes where symbol = 'TSQ-KEPT'")).as("newer source time kept").isEqualTo("50");
        assertThat(sql.count("select count(*) from quotes where symbol in ('TSQ-NEW', 'TSQ-OLD') and refreshed_at > now() - interval '1 minute'"))
                .as("the timestamp column is the database's time of the write").isEqualTo(2);
    }

    @Test
    void rowsTextIsTheSameJsonAsTheGeneralEncoderWritesForNullsEscapesAndNestedValues() {
        JsonArray rows = new JsonArray()
                .add(new JsonObject().put("symbol", "Q\"uote\\back\nline\ttab\u0001ctl\u001fus").put("name", "é ü 株 😀")
                        .put("price", null).put("volume", 9_007_199_254_740_993L).put("count", 42).put("flag", true)
                        .put("ratio", new java.math.BigDecimal("1.50")).put("tiny", 1.5e-7).put("empty", "")
                        .put("nested", new JsonObject().put("a", new JsonArray().add(1).add("x\"y").addNull()))
                        .put("list", new JsonArray().add(false)))
                .add(new JsonObject().put("symbol", "B").put("other", "only here"));

        Row r = pool.preparedQuery("select $1::text::jsonb = $2::jsonb as same, $1::text::jsonb -> 0 ->> 'symbol' as symbol")
                .execute(Tuple.of(json(rows), rows)).await().atMost(Duration.ofSeconds(10)).iterator().next();

        assertThat(r.getBoolean("same")).as("the same jsonb as Jackson's text of the rows").isTrue();
        assertThat(r.getString("symbol")).isEqualTo("Q\"uote\\back\nline\ttab\u0001ctl\u001fus");
    }

    @Test
    void columnsAreEveryRowsKeysInTheOrderFirstSeenAlsoWhenKeyStringsAreOtherObjects() {
        List<JsonObject> rows = List.of(
                new JsonObject().put("symbol", "A").put("price", "1"),
                new JsonObject().put(new String("symbol"), "B").put(new String("price"), "2"),
                new JsonObject().put("symbol", "C").put("volume", 3),
                new JsonObject().put("price", "4").put("symbol", "D").put("name", "d"));

        assertThat(UpsertRows.columns(rows)).containsExactly("symbol", "price", "volume", "name");
        assertThat(UpsertRows.of(rows).mapped()).containsExactly("symbol", "price", "volume", "name");
    }

    @Test
    void theWritersStatementIsBuiltAgainWhenTheRegistryChangesTheDataType() {
        Fixtures.quoteType(registry, "tsql-cache", "tsql-cache-p", 3, "paused", null);
        Set<String> mapped = new LinkedHashSet<>(List.of("name", "price", "volume", "source_ts", "symbol", "refreshed_at"));
        sql.update("""
                insert into quotes (symbol, name, price, volume, source_ts, refreshed_at)
                values ('TSC-1', 'stored', 50, 1, '2025-06-01T12:00:00Z', '2025-06-01T12:00:00Z')""");
        String older = json(new JsonArray().add(quote("TSC-1", "51", "2025-06-01T11:00:00Z").put("name", "fetched \"older\" \\ row")));

        DataType paused = registry.find("tsql-cache").orElseThrow();
        assertThat(writer.statement(paused, mapped)).as("not live: a shadow record").contains("shadow_writes");

        Fixtures.goLive(registry, "tsql-cache");
        DataType live = registry.find("tsql-cache").orElseThrow();
        String guarded = writer.statement(live, mapped);
        assertThat(writer.statement(live, mapped)).as("the same data type object: the statement built once").isSameAs(guarded);
        assertThat(run(guarded, Tuple.of(older))).as("incoming, written: the stored row's source time is newer").containsExactly(1, 0);

        sql.update("update data_type_registry set source_timestamp_column = null where data_type = 'tsql-cache'");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> registry.find("tsql-cache").orElseThrow().sourceTimestampColumn() == null);
        DataType unguarded = registry.find("tsql-cache").orElseThrow();
        assertThat(run(writer.statement(unguarded, mapped), Tuple.of(older))).as("no source timestamp guard any more").containsExactly(1, 1);
        assertThat(sql.value("select name || ' ' || price::text from quotes where symbol = 'TSC-1'")).isEqualTo("fetched \"older\" \\ row 51");
        sql.update("delete from quotes where symbol = 'TSC-1'");
    }

    @Test
    void shadowRecordsNewAndLiveRowsAndWhetherTheyDifferLeavingTheLiveTableAlone() {
        DataType dt = type("tsql-shadow");
        sql.update("""
                insert into quotes (symbol, name, price, volume, source_ts, refreshed_at)
                values ('TSS-SAME', 'TSS-SAME Inc', 20, 100, '2025-06-01T11:00:00Z', now()),
                       ('TSS-DIFF', 'TSS-DIFF Inc', 30, 100, '2025-06-01T11:00:00Z', now())""");
        JsonArray rows = new JsonArray()
                .add(quote("TSS-SAME", "20", "2025-06-01T11:00:00Z"))
                .add(quote("TSS-DIFF", "31", "2025-06-01T11:00:00Z"))
                .add(quote("TSS-NEW", "40", "2025-06-01T11:00:00Z"));

        long[] counts = run(TargetSql.shadow(dt, TargetSql.columns(dt, MAPPED)), Tuple.of(json(rows), dt.dataType(), new JsonObject().put("TSS-SAME", 41L)));

        assertThat(counts).containsExactly(3, 3);
        Map<String, Object> same = shadowOf(dt, "TSS-SAME");
        assertThat(same).containsEntry("differs", false).containsEntry("live_price", "20").containsEntry("job_id", 41L);
        assertThat(shadowOf(dt, "TSS-DIFF")).containsEntry("differs", true).containsEntry("new_price", "31").containsEntry("live_price", "30");
        assertThat(shadowOf(dt, "TSS-NEW")).containsEntry("differs", true).containsEntry("new_price", "40").containsEntry("live_price", null);
        assertThat(sql.value("select price::text from quotes where symbol = 'TSS-DIFF'")).isEqualTo("30");
        assertThat(sql.count("select count(*) from quotes where symbol = 'TSS-NEW'")).isZero();
    }

    private Map<String, Object> shadowOf(DataType dt, String symbol) {
        return sql.rows("""
                select differs, new_row ->> 'price' as new_price, live_row ->> 'price' as live_price, job_id
                  from shadow_writes where data_type = ? and symbol = ?""", dt.dataType(), symbol).get(0);
    }

    @BeforeEach
    @AfterEach
    void clean() {
        sql.update("delete from dividend_history where symbol in ('TSA', 'TSB')");
        sql.update("delete from shadow_writes where symbol in ('TSA', 'TSB')");
    }

    private void live(String symbol, String exDate, int dividend) {
        sql.update("insert into dividend_history (symbol, ex_date, dividend, refreshed_at) values (?, ?::date, ?, now())",
                symbol, exDate, dividend);
    }

    private static JsonObject row(String symbol, String exDate, int dividend) {
        return new JsonObject().put("symbol", symbol).put("ex_date", exDate).put("dividend", dividend);
    }

    @Test
    void shadowRecordsMatchingDifferingAndMissingRowsOnBothSidesOfTheFetchedSymbolsOnly() {
        DataType dt = registry.find("dividend-history").orElseThrow();
        live("TSA", "2025-01-01", 1);
        live("TSA", "2025-02-01", 2);
        live("TSA", "2025-03-01", 3);                   // not fetched again: missing in the new fetch
        live("TSB", "2025-01-01", 5);                   // another symbol, not fetched
        JsonArray fetched = new JsonArray().add(row("TSA", "2025-01-01", 1)).add(row("TSA", "2025-02-01", 9))
                .add(row("TSA", "2025-04-01", 4));       // new: missing in the live table
        List<String> columns = TargetSql.columns(dt, List.of("symbol", "ex_date", "dividend"));

        Row r = pool.preparedQuery(TargetSql.shadow(dt, columns))
                .execute(Tuple.of(json(fetched), dt.dataType(), new JsonObject().put("TSA", 77L)))
                .await().atMost(Duration.ofSeconds(10)).iterator().next();

        assertThat(r.getLong("incoming")).isEqualTo(3);
        assertThat(r.getLong("written")).isEqualTo(3);
        List<Map<String, Object>> recorded = sql.rows("""
                select row_key ->> 'ex_date' as ex_date, new_row ->> 'dividend' as new_div, live_row ->> 'dividend' as live_div,
                       differs, job_id, data_type
                from shadow_writes where symbol in ('TSA', 'TSB') order by row_key ->> 'ex_date'""");
        assertThat(recorded).extracting(m -> m.get("ex_date"), m -> m.get("new_div"), m -> m.get("live_div"), m -> m.get("differs"))
                .containsExactly(tuple("2025-01-01", "1", "1", false), tuple("2025-02-01", "9", "2", true),
                        tuple("2025-03-01", null, "3", true), tuple("2025-04-01", "4", null, true));
        assertThat(recorded).allMatch(m -> Long.valueOf(77).equals(m.get("job_id")) && "dividend-history".equals(m.get("data_type")));
        assertThat(sql.count("select count(*) from dividend_history where symbol = 'TSA' and dividend = 9")).isZero();
        assertThat(sql.count("select count(*) from dividend_history where symbol = 'TSA' and ex_date = '2025-04-01'")).isZero();
    }

    @Test
    void anIncrementalFetchRecordsOnlyTheRowsItFetched() {
        DataType bars = registry.find("bars-1m").orElseThrow();
        assertThat(TargetSql.wholeSetFetched(bars)).isFalse();
        assertThat(TargetSql.wholeSetFetched(registry.find("dividend-history").orElseThrow())).isTrue();
        assertThat(TargetSql.wholeSetFetched(registry.find("available-exchanges").orElseThrow())).isTrue();
    }
}
