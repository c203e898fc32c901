package dev.freshet.checker.freshness;

import dev.freshet.checker.CheckerTestBase;
import dev.freshet.shared.handler.ConstantKeys;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.Registry;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.freshet.checker.CheckerDb.at;
import static dev.freshet.testsupport.rows.ViewsRow.views;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The freshness cache statements on the real database. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class FreshnessSqlTest extends CheckerTestBase {

    private static final Instant NOW = Instant.parse("2025-05-01T12:00:00Z");

    @Inject
    Registry registry;

    /** Fresh when newer than NOW - 60 s, aging when newer than NOW - 300 s. */
    private Row classify(String dataType, Instant checkedAt) {
        DataType dt = registry.find(dataType).orElseThrow();
        Tuple params = Tuple.from(List.of(dataType, at(NOW.minusSeconds(3600)), "critical", at(NOW.minusSeconds(60)),
                at(NOW.minusSeconds(300)), at(checkedAt)));
        return pool.preparedQuery(FreshnessSql.classify(dt)).execute(ConstantKeys.bind(dt, params))
                .await().atMost(Duration.ofSeconds(10)).iterator().next();
    }

    private List<Map<String, Object>> freshness() {
        return db.sql.rows("select data_type, symbol, tier, state from data_freshness order by data_type, symbol");
    }

    @Test
    void classifyWritesAStatePerSymbolWithRowsOrViewersAndCountsThem() {
        db.quote("FRESH", NOW.minusSeconds(10));
        db.quote("AGING", NOW.minusSeconds(120));
        db.quote("STALE", NOW.minusSeconds(900));
        db.viewer("c1", "VIEWED", "quote", NOW);
        db.viewer("c1", "OTHER", "profile", NOW);                          // another data type's viewer
        views("quote", "RECENT").bucket(NOW.minusSeconds(600)).insert(db.sql);
        views("quote", "LONGAGO").bucket(NOW.minusSeconds(7200)).insert(db.sql);

        Row r = classify("quote", NOW);

        assertThat(r.getInteger("examined")).isEqualTo(5);
        assertThat(List.of(r.getInteger("fresh"), r.getInteger("aging"), r.getInteger("stale"), r.getInteger("missing")))
                .containsExactly(1, 1, 1, 2);
        assertThat(freshness()).extracting(m -> m.get("symbol"), m -> m.get("state"), m -> m.get("tier")).containsExactly(
                tuple("AGING", "aging", "critical"), tuple("FRESH", "fresh", "critical"), tuple("RECENT", "missing", "critical"),
                tuple("STALE", "stale", "critical"), tuple("VIEWED", "missing", "critical"));
    }

    @Test
    void classifyAgainUpdatesTheCachedStateInPlace() {
        db.quote("AAPL", NOW.minusSeconds(900));
        classify("quote", NOW);
        db.sql.update("update quotes set refreshed_at = ? where symbol = 'AAPL'", at(NOW.minusSeconds(5)));

        classify("quote", NOW.plusSeconds(1));

        assertThat(db.sql.rows("select state, checked_at from data_freshness where data_type = 'quote'"))
                .hasSize(1).first().satisfies(m -> assertThat(m.get("state")).isEqualTo("fresh"));
    }

    @Test
    void classifyOnASharedTableCountsOnlyTheDataTypesOwnRows() {
        db.aggregationTypesEnabled(true, registry);
        db.derivedBar("B5", "5m", NOW.minusSeconds(10));
        db.derivedBar("B15", "15m", NOW.minusSeconds(10));               // not a bars-5m row

        Row r = classify("bars-5m", NOW);

        assertThat(r.getInteger("examined")).isEqualTo(1);
        assertThat(freshness()).extracting(m -> m.get("symbol"), m -> m.get("state")).containsExactly(tuple("B5", "fresh"));
    }

    @Test
    void classifyOfAGlobalDataTypeWritesOneRowForTheWholeTable() {
        Row missing = classify("available-exchanges", NOW);
        assertThat(missing.getInteger("missing")).isEqualTo(1);
        db.sql.update("insert into available_exchanges (exchange, refreshed_at) values ('NASDAQ', ?)", at(NOW.minusSeconds(120)));

        Row aging = classify("available-exchanges", NOW.plusSeconds(1));

        assertThat(aging.getInteger("examined")).isEqualTo(1);
        assertThat(aging.getInteger("aging")).isEqualTo(1);
        assertThat(freshness()).extracting(m -> m.get("symbol"), m -> m.get("state")).containsExactly(tuple("*", "aging"));
    }

    @Test
    void removeUnseenDeletesOnlyThatDataTypesPairsNotCheckedThisRun() {
        freshnessRow("quote", "OLD", NOW.minusSeconds(60));
        freshnessRow("quote", "NOW", NOW);
        freshnessRow("profile", "OLD", NOW.minusSeconds(60));

        assertThat(rowCount(FreshnessSql.REMOVE_UNSEEN, "quote", at(NOW))).isEqualTo(1);

        assertThat(freshness()).extracting(m -> m.get("data_type"), m -> m.get("symbol"))
                .containsExactly(tuple("profile", "OLD"), tuple("quote", "NOW"));
    }

    @Test
    void removeOtherTypesKeepsOnlyTheNamedDataTypes() {
        freshnessRow("quote", "A", NOW);
        freshnessRow("profile", "A", NOW);
        freshnessRow("gone", "A", NOW);

        assertThat(rowCount(FreshnessSql.REMOVE_OTHER_TYPES, (Object) new String[]{"quote", "profile"})).isEqualTo(1);

        assertThat(freshness()).extracting(m -> m.get("data_type")).containsExactly("profile", "quote");
    }

    private void freshnessRow(String dataType, String symbol, Instant checkedAt) {
        db.sql.update("insert into data_freshness (data_type, symbol, tier, state, checked_at) values (?, ?, 'standard', 'missing', ?)",
                dataType, symbol, at(checkedAt));
    }
}
