package dev.freshet.processor.config;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnectOptions;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * The application's pool, built as Quarkus would but with a prepared-statement cache that takes long
 * statements too. The Vert.x client caches only statements up to 2,048 characters by default, and the
 * claim ({@code CLAIM_DUE_JOBS}, about 8,800) and the finish ({@code FINISH_JOBS}, about 5,400) are longer:
 * with {@code cache-prepared-statements=true} alone they were parsed and planned on every execution
 * (about 5 ms of the database's time per claim, most of an idle claim's cost).
 */
@Singleton
public class StatementCachePool implements PgPoolCreator {

    /** Longest statement text kept prepared per connection; every named statement of the processor fits. */
    public static final int SQL_LIMIT = 65_536;

    @Override
    public Pool create(Input input) {
        input.pgConnectOptionsList().forEach(o -> o.setPreparedStatementCacheSqlLimit(SQL_LIMIT));
        return PgBuilder.pool().with(input.poolOptions()).connectingTo(List.<SqlConnectOptions>copyOf(input.pgConnectOptionsList()))
                .using(input.vertx()).build();
    }
}
