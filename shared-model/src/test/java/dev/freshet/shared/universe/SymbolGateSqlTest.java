package dev.freshet.shared.universe;

import dev.freshet.shared.registry.Registry;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.StatementTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SymbolGateSql#BLOCKED_SYMBOLS} on the real database, through {@link SymbolGate}: a loaded and
 * enabled universe blocks every symbol outside it; without one, a not-found entry blocks until its
 * time has passed by the database's clock.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class SymbolGateSqlTest extends StatementTest {

    @Inject
    SymbolGate gate;

    @Inject
    Registry registry;


    @BeforeEach
    @AfterEach
    void noUniverseNoNegativeCache() {
        sql.update("truncate symbol_universe, symbol_not_found");
        sql.update("update data_type_registry set rollout_state = 'off' where data_type in ('fmp-stock-list', 'polygon-tickers')");
    }

    private Map<String, SymbolBlock> blocked(String dataType, String... symbols) {
        return gate.blocked(pool, registry.find(dataType).orElseThrow(), List.of(symbols)).await().atMost(Duration.ofSeconds(10));
    }

    private void loadFmpUniverse(String... symbols) {
        for (String s : symbols) {
            sql.update("insert into symbol_universe (provider, symbol, refreshed_at) values ('fmp', ?, now())", s);
        }
        sql.update("update data_type_registry set rollout_state = 'live' where data_type = 'fmp-stock-list'");
    }

    @Test
    void nothingIsBlockedWithoutAUniverseOrANotFoundEntry() {
        assertThat(blocked("profile", "AAPL", "ZZZZ")).isEmpty();
    }

    @Test
    void aLoadedUniverseBlocksEverySymbolOutsideItAndNoneInside() {
        loadFmpUniverse("AAPL", "MSFT");

        Map<String, SymbolBlock> out = blocked("profile", "AAPL", "ZZZZ", "MSFT", "QQQQ");

        assertThat(out).containsOnlyKeys("ZZZZ", "QQQQ");
        SymbolBlock b = out.get("ZZZZ");
        assertThat(b.reason()).isEqualTo(SymbolBlock.OUTSIDE_UNIVERSE);
        assertThat(b.universeDataType()).isEqualTo("fmp-stock-list");
        assertThat(b.universeLoadedAt()).isNotNull();
        assertThat(b.notFoundUntil()).isNull();
        // another provider's data types are not held by fmp's universe
        assertThat(blocked("bars-1m", "ZZZZ")).isEmpty();
    }

    @Test
    void aUniverseWhoseDataTypeIsDisabledOrUnlinkedBlocksNothing() {
        loadFmpUniverse("AAPL");
        sql.update("update data_type_registry set rollout_state = 'off' where data_type = 'fmp-stock-list'");
        assertThat(blocked("profile", "ZZZZ")).isEmpty();

        sql.update("update data_type_registry set rollout_state = 'live' where data_type = 'fmp-stock-list'");
        sql.update("update provider_quotas set universe_data_type = null where provider = 'fmp'");
        try {
            assertThat(blocked("profile", "ZZZZ")).isEmpty();
        } finally {
            sql.update("update provider_quotas set universe_data_type = 'fmp-stock-list' where provider = 'fmp'");
        }
    }

    @Test
    void aSymbolDroppedFromTheListFallsOutOnceANewerLoadIsHalfATtlLater() {
        sql.update("insert into symbol_universe (provider, symbol, refreshed_at) values ('fmp', 'OLD', now() - interval '13 hours')");
        loadFmpUniverse("AAPL");

        assertThat(blocked("profile", "OLD", "AAPL")).containsOnlyKeys("OLD");
    }

    @Test
    void aNotFoundEntryBlocksUntilItsTimeByTheDatabaseClock() {
        sql.update("""
                insert into symbol_not_found (data_type, symbol, provider, streak, not_found_until)
                values ('profile', 'NOPE', 'fmp', 3, now() + interval '10 minutes'),
                       ('profile', 'OVER', 'fmp', 1, now() - interval '1 second')""");

        Map<String, SymbolBlock> out = blocked("profile", "NOPE", "OVER", "AAPL");

        assertThat(out).containsOnlyKeys("NOPE");
        assertThat(out.get("NOPE").reason()).isEqualTo(SymbolBlock.NOT_FOUND);
        assertThat(out.get("NOPE").streak()).isEqualTo(3);
        assertThat(out.get("NOPE").notFoundUntil()).isNotNull();
        // per data type: another type of the same symbol is asked for as usual
        assertThat(blocked("quote", "NOPE")).isEmpty();
    }

    @Test
    void aLoadedUniverseDecidesInsteadOfTheNegativeCache() {
        sql.update("""
                insert into symbol_not_found (data_type, symbol, provider, not_found_until)
                values ('profile', 'AAPL', 'fmp', now() + interval '10 minutes')""");
        loadFmpUniverse("AAPL");

        assertThat(blocked("profile", "AAPL")).isEmpty();
    }

    @Test
    void globalDataTypesAreNeverBlocked() {
        loadFmpUniverse("AAPL");

        assertThat(blocked("available-exchanges", "*")).isEmpty();
    }
}
