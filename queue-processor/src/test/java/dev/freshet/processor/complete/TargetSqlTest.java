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
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The target statements (upsert, shadow record) on the real database, against the quotes table. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
class TargetSqlTest extends ProcessorTestBase {

    private static final List<String> MAPPED = List.of("name", "price", "volume", "source_ts");

    private DataType type(String name, String writeMode) {
        return Fixtures.quoteType(registry, name, name + "-p", 3, false, writeMode, null);
    }

    private static JsonObject quote(String symbol, String price, String sourceTs) {
        return new JsonObject().put("symbol", symbol).put("name", symbol + " Inc").put("price", price).put("volume", 100)
                .put("source_ts", sourceTs);
    }

    private long[] run(String statement, Tuple params) {
        Row r = pool.preparedQuery(statement).execute(params).await().atMost(Duration.ofSeconds(10)).iterator().next();
        return new long[]{r.getLong("incoming"), r.getLong("written")};
    }

    @Test
    void columnsAreTheMappedOnesPlusSymbolTimestampAndKeys() {
        DataType dt = type("tsql-cols", "live");

        assertThat(TargetSql.columns(dt, MAPPED)).containsExactly("name", "price", "volume", "source_ts", "symbol", "refreshed_at");
    }

    @Test
    void upsertWritesOneRowPerKeyStampsTheTransactionTimeAndKeepsAStoredRowWithANewerSourceTime() {
        DataType dt = type("tsql-up", "live");
        sql.update("""
                insert into quotes (symbol, name, price, volume, source_ts, refreshed_at)
                values ('TSQ-KEPT', 'old', 50, 1, '2025-06-01T12:00:00Z', '2025-06-01T12:00:00Z'),
                       ('TSQ-OLD', 'old', 40, 1, '2025-06-01T10:00:00Z', '2025-06-01T10:00:00Z')""");
        JsonArray rows = new JsonArray()
                .add(quote("TSQ-NEW", "10", "2025-06-01T11:00:00Z"))
                .add(quote("TSQ-NEW", "10", "2025-06-01T11:00:00Z"))
                .add(quote("TSQ-KEPT", "51", "2025-06-01T11:00:00Z"))
                .add(quote("TSQ-OLD", "41", "2025-06-01T11:00:00Z"));

        long[] counts = run(TargetSql.upsert(dt, TargetSql.columns(dt, MAPPED)), Tuple.of(rows));

        assertThat(counts).as("incoming (one per key), written").containsExactly(3, 2);
        assertThat(sql.value("select price::text from quotes where symbol = 'TSQ-NEW'")).isEqualTo("10");
        assertThat(sql.value("select price::text from quotes where symbol = 'TSQ-OLD'")).isEqualTo("41");
        assertThat(sql.value("select price::text from quotes where symbol = 'TSQ-KEPT'")).as("newer source time kept").isEqualTo("50");
        assertThat(sql.count("select count(*) from quotes where symbol in ('TSQ-NEW', 'TSQ-OLD') and refreshed_at > now() - interval '1 minute'"))
                .as("the timestamp column is the database's time of the write").isEqualTo(2);
    }

    @Test
    void shadowRecordsNewAndLiveRowsAndWhetherTheyDifferLeavingTheLiveTableAlone() {
        DataType dt = type("tsql-shadow", "shadow");
        sql.update("""
                insert into quotes (symbol, name, price, volume, source_ts, refreshed_at)
                values ('TSS-SAME', 'TSS-SAME Inc', 20, 100, '2025-06-01T11:00:00Z', now()),
                       ('TSS-DIFF', 'TSS-DIFF Inc', 30, 100, '2025-06-01T11:00:00Z', now())""");
        JsonArray rows = new JsonArray()
                .add(quote("TSS-SAME", "20", "2025-06-01T11:00:00Z"))
                .add(quote("TSS-DIFF", "31", "2025-06-01T11:00:00Z"))
                .add(quote("TSS-NEW", "40", "2025-06-01T11:00:00Z"));

        long[] counts = run(TargetSql.shadow(dt, TargetSql.columns(dt, MAPPED)), Tuple.of(rows, dt.dataType()));

        assertThat(counts).containsExactly(3, 3);
        Map<String, Object> same = shadowOf(dt, "TSS-SAME");
        assertThat(same).containsEntry("differs", false).containsEntry("live_price", "20");
        assertThat(shadowOf(dt, "TSS-DIFF")).containsEntry("differs", true).containsEntry("new_price", "31").containsEntry("live_price", "30");
        assertThat(shadowOf(dt, "TSS-NEW")).containsEntry("differs", true).containsEntry("new_price", "40").containsEntry("live_price", null);
        assertThat(sql.value("select price::text from quotes where symbol = 'TSS-DIFF'")).isEqualTo("30");
        assertThat(sql.count("select count(*) from quotes where symbol = 'TSS-NEW'")).isZero();
    }

    private Map<String, Object> shadowOf(DataType dt, String symbol) {
        return sql.rows("""
                select differs, new_row ->> 'price' as new_price, live_row ->> 'price' as live_price
                  from shadow_writes where data_type = ? and symbol = ?""", dt.dataType(), symbol).get(0);
    }
}
