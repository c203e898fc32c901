package dev.freshet.shared.aggregation;

import dev.freshet.testsupport.TestSql;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The aggregation statements' tests: the pool, plain SQL, a day to start from, and an empty aggregation state. */
abstract class AggregationTestBase {

    static final Instant DAY = Instant.parse("2025-07-01T00:00:00Z");
    static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");

    @Inject
    Pool pool;

    final TestSql sql = TestSql.current();

    /** No bars, derived bars, tasks, invalidations or jobs. */
    void clearAggregation() {
        sql.update("truncate data_bars, derived_data_bars, data_agg_state, data_agg_invalidation, refresh_jobs");
    }

    static OffsetDateTime at(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
