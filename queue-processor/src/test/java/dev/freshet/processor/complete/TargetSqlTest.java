package dev.freshet.processor.complete;

import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.Registry;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The shadow write on the real database: compared beside the live rows, the live table untouched. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class TargetSqlTest {

    @Inject
    Pool pool;
    @Inject
    Registry registry;

    private final TestSql sql = TestSql.current();

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
                .execute(Tuple.of(fetched, dt.dataType(), new JsonObject().put("TSA", 77L)))
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
