package dev.freshet.checker.presence;

import dev.freshet.checker.CheckerTestBase;
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
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

import static dev.freshet.checker.CheckerDb.at;
import static dev.freshet.testsupport.rows.DataTypeRow.dataType;
import static dev.freshet.testsupport.rows.JobRow.job;
import static org.assertj.core.api.Assertions.assertThat;

/** The presence scan's statements on the real database. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class PresenceScanSqlTest extends CheckerTestBase {

    private static final Instant NOW = Instant.parse("2025-05-01T12:00:00Z");
    private static final int TTL = 60;

    @Inject
    Registry registry;

    /** Present when seen in the last 60 s; due when the newest row is 30 s old or more. */
    private Row dueViewed(String dataType) {
        DataType dt = registry.find(dataType).orElseThrow();
        Tuple params = Tuple.of(dataType, at(NOW.minusSeconds(60)), at(NOW.minusSeconds(30)), TTL);
        return pool.preparedQuery(PresenceScanSql.dueViewed(dt)).execute(PresenceScanSql.dueParams(dt, params))
                .await().atMost(Duration.ofSeconds(10)).iterator().next();
    }

    private static List<Instant> deadlines(Row r) {
        return Arrays.stream(r.getArrayOfOffsetDateTimes("deadlines")).map(t -> t == null ? null : t.toInstant()).toList();
    }

    @Test
    void aShadowDataTypeIsJudgedFromItsShadowRecordsNotFromTheLiveTable() {
        dataType("scan-shadow").rolloutState("shadow").insert(db.sql);
        try {
            registry.reload().await().atMost(Duration.ofSeconds(10));
            db.viewer("c1", "SA", "scan-shadow", NOW);
            db.quote("SA", NOW.minusSeconds(600));                             // live row old: the other system's
            db.sql.update("""
                    insert into shadow_writes (data_type, symbol, row_key, new_row, differs, recorded_at)
                    values ('scan-shadow', 'SA', '{}', '{}', false, ?)""", at(NOW.minusSeconds(5)));
            db.viewer("c1", "SB", "scan-shadow", NOW);
            db.quote("SB", NOW);                                               // live row fresh, never shadow-fetched

            Row r = dueViewed("scan-shadow");

            assertThat(r.getInteger("examined")).isEqualTo(2);
            assertThat(r.getArrayOfStrings("symbols")).containsExactly("SB");
        } finally {
            db.sql.update("delete from shadow_writes where data_type = 'scan-shadow'");
            db.sql.update("delete from active_subscriptions where data_type = 'scan-shadow'");
            db.sql.update("delete from data_type_registry where data_type = 'scan-shadow'");
        }
    }

    @Test
    void dueViewedTakesPresentPairsStaleMissingOrDueAheadAndNotQueuedWithAsManyViewers() {
        db.viewer("c1", "A", "quote", NOW);
        db.viewer("c2", "A", "quote", NOW.minusSeconds(10));
        db.quote("A", NOW.minusSeconds(45));                                   // due ahead: deadline in 15 s
        db.viewer("c1", "B", "quote", NOW);
        db.quote("B", NOW.minusSeconds(5));                                    // fresh
        db.viewer("c1", "C", "quote", NOW);                                    // missing
        db.viewer("c1", "D", "quote", NOW);
        db.viewer("c2", "D", "quote", NOW);
        db.quote("D", NOW.minusSeconds(600));
        job("quote", "D").viewers(2).insert(db.sql);                           // queued with as many viewers
        db.viewer("c1", "E", "quote", NOW);
        db.viewer("c2", "E", "quote", NOW);
        db.viewer("c3", "E", "quote", NOW);
        db.quote("E", NOW.minusSeconds(600));
        job("quote", "E").viewers(1).insert(db.sql);                           // queued, but with fewer viewers
        db.viewer("c1", "F", "quote", NOW.minusSeconds(120));                  // gone
        db.viewer("c1", "G", "profile", NOW);                                  // another data type

        Row r = dueViewed("quote");

        assertThat(r.getInteger("examined")).isEqualTo(5);
        assertThat(r.getArrayOfStrings("symbols")).containsExactly("A", "C", "E");
        assertThat(r.getArrayOfIntegers("viewers")).containsExactly(2, 1, 3);
        assertThat(deadlines(r)).containsExactly(NOW.plusSeconds(15), null, NOW.minusSeconds(600 - TTL));
    }

    @Test
    void dueViewedOnASharedTableJudgesOnlyTheDataTypesOwnRows() {
        db.aggregationTypesEnabled(true, registry);
        db.viewer("c1", "B5", "bars-5m", NOW);
        db.derivedBar("B5", "15m", NOW);                                       // fresh, but another data type's row

        Row r = dueViewed("bars-5m");

        assertThat(r.getArrayOfStrings("symbols")).containsExactly("B5");
        assertThat(deadlines(r)).containsExactly((Instant) null);
    }

    @Test
    void dueViewedOfAGlobalDataTypeJudgesTheWholeTable() {
        db.viewer("c1", "*", "available-exchanges", NOW);
        assertThat(dueViewed("available-exchanges").getArrayOfStrings("symbols")).containsExactly("*");
        db.sql.update("insert into available_exchanges (exchange, refreshed_at) values ('NASDAQ', ?)", at(NOW));

        Row r = dueViewed("available-exchanges");

        assertThat(r.getInteger("examined")).isEqualTo(1);
        assertThat(r.getArrayOfStrings("symbols")).isEmpty();
    }

    @Test
    void allViewedTakesEveryPresentPairNotQueuedWithAsManyViewersAsDueNow() {
        db.viewer("c1", "A", "quote", NOW);
        db.viewer("c2", "A", "quote", NOW);
        db.quote("A", NOW);                                                    // fresh, but the table is not read
        db.viewer("c1", "D", "quote", NOW);
        job("quote", "D").viewers(1).insert(db.sql);
        db.viewer("c1", "F", "quote", NOW.minusSeconds(120));

        Row r = execute(PresenceScanSql.ALL_VIEWED, "quote", at(NOW.minusSeconds(60))).get(0);

        assertThat(r.getInteger("examined")).isEqualTo(2);
        assertThat(r.getArrayOfStrings("symbols")).containsExactly("A");
        assertThat(r.getArrayOfIntegers("viewers")).containsExactly(2);
        assertThat(r.getArrayOfOffsetDateTimes("deadlines")).containsExactly((OffsetDateTime) null);
    }
}
