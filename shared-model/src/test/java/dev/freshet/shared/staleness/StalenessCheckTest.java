package dev.freshet.shared.staleness;

import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.Registry;
import dev.freshet.shared.registry.Scope;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class StalenessCheckTest {

    @Inject
    StalenessCheck check;
    @Inject
    Registry registry;

    private final TestSql sql = TestSql.current();

    @BeforeEach
    void clean() {
        sql.update("delete from profiles");
        sql.update("delete from available_exchanges");
        sql.update("delete from derived_data_bars where symbol like 'TF%'");
    }

    private Map<String, PairFreshness> check(DataType dt, List<String> symbols) {
        return check.check(dt, symbols).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void classifiesManySymbolsInOneCall() {
        sql.update("insert into profiles (symbol, refreshed_at) values ('AAPL', now()), ('MSFT', now() - interval '2 days')");
        Map<String, PairFreshness> r = check(registry.find("profile").orElseThrow(), List.of("AAPL", "MSFT", "IBM"));
        assertThat(r.get("AAPL").state()).isEqualTo(FreshnessState.FRESH);
        assertThat(r.get("MSFT").state()).isEqualTo(FreshnessState.STALE);
        assertThat(r.get("IBM").state()).isEqualTo(FreshnessState.MISSING);
        assertThat(r.get("IBM").updatedAt()).isNull();
        assertThat(r.values()).noneMatch(PairFreshness::checkFailed);
    }

    @Test
    void aGlobalDataTypeIsFreshWhenItsTableIsFresh() {
        DataType exchanges = registry.find("available-exchanges").orElseThrow();
        assertThat(check(exchanges, List.of(Scope.GLOBAL_SYMBOL)).get(Scope.GLOBAL_SYMBOL).state()).isEqualTo(FreshnessState.MISSING);
        sql.update("insert into available_exchanges (exchange, refreshed_at) values ('NASDAQ', now())");
        assertThat(check(exchanges, List.of(Scope.GLOBAL_SYMBOL)).get(Scope.GLOBAL_SYMBOL).state()).isEqualTo(FreshnessState.FRESH);
    }

    @Test
    void barsAreJudgedPerTimeframeNotByTheNewestBarOfAnyTimeframe() {
        // bars-5m (TTL 5 min) is stale and bars-15m (TTL 15 min) fresh; bars-1h has no row of its own
        sql.update("""
                insert into derived_data_bars (symbol, timeframe, ts_utc, open, high, low, close, source_bar_count, quality_score, refreshed_at)
                values ('TF1', '5m', '2025-01-02 10:00Z', 1, 1, 1, 1, 5, 1, now() - interval '1 hour'),
                       ('TF1', '15m', '2025-01-02 10:00Z', 1, 1, 1, 1, 15, 1, now())""");
        assertThat(check(registry.find("bars-5m").orElseThrow(), List.of("TF1")).get("TF1").state()).isEqualTo(FreshnessState.STALE);
        assertThat(check(registry.find("bars-15m").orElseThrow(), List.of("TF1")).get("TF1").state()).isEqualTo(FreshnessState.FRESH);
        assertThat(check(registry.find("bars-1h").orElseThrow(), List.of("TF1")).get("TF1").state()).isEqualTo(FreshnessState.MISSING);
    }

    @Test
    void theNewestBarOfASymbolAndTimeframeIsOneIndexLookup() {
        String plan = sql.plan(StalenessSql.newestPerSymbol(registry.find("bars-5m").orElseThrow()),
                "{TF1}", "{\"timeframe\": \"5m\"}");
        assertThat(plan).contains("derived_data_bars_newest_idx").doesNotContain("Seq Scan on derived_data_bars");
    }

    @Test
    void aFailingCheckCountsAsStale() {
        DataType profile = registry.find("profile").orElseThrow();
        DataType broken = new DataType(profile.dataType(), profile.displayName(), profile.provider(), profile.handler(),
                profile.handlerConfig(), "table_that_was_dropped", profile.timestampColumn(), profile.symbolColumn(),
                profile.keyColumns(), profile.scope(), profile.ttlSeconds(), profile.refreshMode(),
                profile.scheduleIntervalSeconds(), profile.priority(), profile.tier(), null, null,
                profile.estimatedBytes(), null, profile.maxAttempts(), profile.rolloutState(), 1, null, "test");
        Map<String, PairFreshness> r = check(broken, List.of("AAPL", "MSFT"));
        assertThat(r.values()).allMatch(p -> p.state() == FreshnessState.STALE && p.checkFailed());
    }
}
