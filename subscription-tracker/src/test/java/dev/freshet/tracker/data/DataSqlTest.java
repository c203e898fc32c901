package dev.freshet.tracker.data;

import dev.freshet.shared.handler.ConstantKeys;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.Registry;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.StatementTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.freshet.testsupport.rows.BarRow.bar;
import static org.assertj.core.api.Assertions.assertThat;

/** The cached-rows read on the real database: newest first, one data type's rows, keyset pages. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class DataSqlTest extends StatementTest {

    private static final Instant T = Instant.parse("2025-01-02T10:00:00Z");

    @Inject
    Registry registry;


    @BeforeEach
    void clean() {
        sql.update("delete from derived_data_bars where symbol like 'DS%'");
        sql.update("delete from available_exchanges");
    }

    private List<Row> read(DataType dt, List<String> columns, Tuple params, JsonObject after) {
        ConstantKeys.bind(dt, params);
        if (after != null) {
            params.addValue(after);
        }
        List<Row> out = new ArrayList<>();
        pool.preparedQuery(DataSql.cachedRows(dt, columns, after != null)).execute(params)
                .await().atMost(Duration.ofSeconds(10)).forEach(out::add);
        return out;
    }

    private static List<Integer> closes(List<Row> rows) {
        return rows.stream().map(r -> new JsonObject(r.getString("row")).getInteger("close")).toList();
    }

    @Test
    void pagesTheSymbolsOwnRowsNewestFirstAfterTheCursor() {
        DataType bars = registry.find("bars-5m").orElseThrow();
        bar("DSA", "5m", T).close(1).insert(sql);
        bar("DSA", "5m", T.plusSeconds(300)).close(2).insert(sql);
        bar("DSA", "5m", T.plusSeconds(600)).close(3).insert(sql);
        bar("DSA", "15m", T.plusSeconds(900)).close(99).insert(sql);   // another data type sharing the table
        bar("DSB", "5m", T.plusSeconds(900)).close(98).insert(sql);   // another symbol

        List<Row> first = read(bars, List.of("ts_utc", "close"), Tuple.of("DSA", 2), null);

        assertThat(closes(first)).containsExactly(3, 2);
        assertThat(new JsonObject(first.get(0).getString("row")).fieldNames()).containsExactlyInAnyOrder("ts_utc", "close");
        JsonObject position = new JsonObject(first.get(1).getString("position"));
        assertThat(position.fieldNames()).containsExactly("ts_utc");

        List<Row> rest = read(bars, List.of("ts_utc", "close"), Tuple.of("DSA", 2), position);

        assertThat(closes(rest)).containsExactly(1);
    }

    @Test
    void aGlobalDataTypeReadsTheWholeTableInDescendingKeyOrder() {
        DataType exchanges = registry.find("available-exchanges").orElseThrow();
        sql.update("insert into available_exchanges (exchange, refreshed_at) values ('AMEX', now()), ('NYSE', now()), ('NASDAQ', now())");

        List<Row> rows = read(exchanges, List.of("exchange"), Tuple.of(10), null);

        assertThat(rows).extracting(r -> new JsonObject(r.getString("row")).getString("exchange")).containsExactly("NYSE", "NASDAQ", "AMEX");
        List<Row> after = read(exchanges, List.of("exchange"), Tuple.of(10), new JsonObject(rows.get(0).getString("position")));
        assertThat(after).extracting(r -> new JsonObject(r.getString("row")).getString("exchange")).containsExactly("NASDAQ", "AMEX");
    }
}
