package dev.freshet.shared.staleness;

import dev.freshet.shared.handler.ConstantKeys;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.Registry;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.StatementTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static dev.freshet.testsupport.rows.BarRow.bar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The freshness statements on the real database, on a table shared by several data types (bars). */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class StalenessSqlTest extends StatementTest {

    private static final Instant T = Instant.parse("2025-03-01T12:00:00Z");

    @Inject
    Registry registry;


    @BeforeEach
    void clean() {
        sql.update("delete from derived_data_bars");
        sql.update("delete from available_exchanges");
        sql.update("delete from shadow_writes");
    }

    private DataType bars5m() {
        return registry.find("bars-5m").orElseThrow();
    }

    private static OffsetDateTime at(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Row r) {
        OffsetDateTime t = r.getOffsetDateTime("updated_at");
        return t == null ? null : t.toInstant();
    }

    @Test
    void newestPerSymbolTakesTheNewestRowOfTheDataTypeOnlyAndAnswersEverySymbolAsked() {
        bar("SQA", "5m", T).refreshedAt(T.minusSeconds(600)).insert(sql);
        bar("SQA", "5m", T.plusSeconds(300)).refreshedAt(T.minusSeconds(60)).insert(sql);
        bar("SQA", "15m", T).refreshedAt(T.plusSeconds(3600)).insert(sql);   // newer, but another data type's row
        bar("SQB", "15m", T).refreshedAt(T).insert(sql);   // only another data type's rows
        DataType dt = bars5m();

        List<Row> rows = execute(StalenessSql.newestPerSymbol(dt),
                ConstantKeys.bind(dt, Tuple.of(new String[]{"SQA", "SQB", "SQNONE"})));

        assertThat(rows).extracting(r -> r.getString("symbol"), StalenessSqlTest::instant).containsExactlyInAnyOrder(
                tuple("SQA", T.minusSeconds(60)), tuple("SQB", null), tuple("SQNONE", null));
    }

    @Test
    void newestOverallIsTheNewestRowOfTheTableOrOfTheDataTypesOwnRows() {
        DataType exchanges = registry.find("available-exchanges").orElseThrow();
        assertThat(instant(execute(StalenessSql.newestOverall(exchanges), Tuple.tuple()).get(0))).isNull();
        sql.update("insert into available_exchanges (exchange, refreshed_at) values ('NASDAQ', ?), ('NYSE', ?)",
                at(T), at(T.plusSeconds(30)));
        assertThat(instant(execute(StalenessSql.newestOverall(exchanges), Tuple.tuple()).get(0))).isEqualTo(T.plusSeconds(30));

        bar("SQA", "5m", T).refreshedAt(T.plusSeconds(7200)).insert(sql);
        bar("SQB", "15m", T).refreshedAt(T.plusSeconds(9_999_999)).insert(sql);   // not a 5m row: must not count
        DataType dt = bars5m();
        Row r = execute(StalenessSql.newestOverall(dt), ConstantKeys.bind(dt, Tuple.tuple())).get(0);
        assertThat(instant(r)).isEqualTo(T.plusSeconds(7200));
    }

    @Test
    void newestOfSymbolsAfterWalksSymbolsInOrderFromTheCursorUpToTheLimit() {
        bar("SQA", "5m", T).refreshedAt(T).insert(sql);
        bar("SQB", "15m", T).refreshedAt(T.plusSeconds(60)).insert(sql);   // in the table, but no row of bars-5m
        bar("SQC", "5m", T).refreshedAt(T.plusSeconds(120)).insert(sql);
        bar("SQC", "5m", T.plusSeconds(300)).refreshedAt(T.plusSeconds(180)).insert(sql);
        bar("SQD", "5m", T).refreshedAt(T.plusSeconds(240)).insert(sql);
        DataType dt = bars5m();
        String page = "select * from (" + StalenessSql.newestOfSymbolsAfter(dt, "$1::text", "$2::int", 3)
                + ") p";

        List<Row> rows = execute(page, ConstantKeys.bind(dt, Tuple.of("SQA", 2)));

        assertThat(rows).extracting(r -> r.getString("symbol"), r -> r.getBoolean("own"), StalenessSqlTest::instant)
                .containsExactly(tuple("SQB", false, null), tuple("SQC", true, T.plusSeconds(180)));
    }

    @Test
    void newestOfSymbolsAfterWithoutALimitReturnsEverySymbolFromTheStart() {
        bar("SQA", "5m", T).refreshedAt(T).insert(sql);
        bar("SQB", "15m", T).refreshedAt(T).insert(sql);
        DataType dt = bars5m();
        String all = "select * from (" + StalenessSql.newestOfSymbolsAfter(dt, "''", null, 1)
                + ") p";

        List<Row> rows = execute(all, ConstantKeys.bind(dt, Tuple.tuple()));

        assertThat(rows).extracting(r -> r.getString("symbol"), r -> r.getBoolean("own"))
                .containsExactly(tuple("SQA", true), tuple("SQB", false));
    }

    @Test
    void newestShadowPerSymbolIsTheNewestShadowRecordOfTheDataTypeAndSymbol() {
        shadow("quote", "AAPL", T.minusSeconds(120));
        shadow("quote", "AAPL", T.minusSeconds(30));
        shadow("profile", "MSFT", T);
        shadow("quote", "*", T.minusSeconds(5));

        List<Row> rows = execute(StalenessSql.NEWEST_SHADOW_PER_SYMBOL, Tuple.of("quote", new String[]{"AAPL", "MSFT", "*"}));

        assertThat(rows).extracting(r -> r.getString("symbol"), StalenessSqlTest::instant)
                .containsExactly(tuple("AAPL", T.minusSeconds(30)), tuple("MSFT", null), tuple("*", T.minusSeconds(5)));
    }

    private void shadow(String dataType, String symbol, Instant recordedAt) {
        sql.update("""
                insert into shadow_writes (data_type, symbol, row_key, new_row, live_row, differs, recorded_at)
                values (?, ?, '{}'::jsonb, '{}'::jsonb, null, true, ?)""", dataType, symbol, at(recordedAt));
    }
}
