package dev.freshet.processor;

import dev.freshet.processor.claim.ClaimSql;
import dev.freshet.processor.complete.FinishSql;
import dev.freshet.processor.config.StatementCachePool;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.UpstreamStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's pool keeps long statements prepared on the connection (the client's default cache
 * skips statements over 2,048 characters, which the claim and the finish are): a statement of the claim's
 * length run twice is one named prepared statement of that connection.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
class StatementCachePoolTest {

    @Inject
    Pool pool;

    @Test
    void aStatementAsLongAsTheClaimIsPreparedOnceAndKeptOnItsConnection() {
        String marker = "statement_cache_probe";
        String longStatement = "select $1::int as " + marker + " /*" + "x".repeat(ClaimSql.claimDueJobs(ClaimSql.candidatesFor(100)).length()) + "*/";

        long kept = pool.withConnection(c -> c.preparedQuery(longStatement).execute(Tuple.of(1))
                        .chain(() -> c.preparedQuery(longStatement).execute(Tuple.of(2)))
                        .chain(() -> c.preparedQuery("select count(*) as n from pg_prepared_statements where statement like $1")
                                .execute(Tuple.of("%" + marker + "%"))))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong("n");

        assertThat(kept).isEqualTo(1);
    }

    @Test
    void theLimitHoldsTheProcessorsLongestStatements() {
        assertThat(ClaimSql.claimDueJobs(ClaimSql.candidatesFor(100)).length()).isGreaterThan(2_048).isLessThan(StatementCachePool.SQL_LIMIT);
        assertThat(FinishSql.FINISH_JOBS.length()).isGreaterThan(2_048).isLessThan(StatementCachePool.SQL_LIMIT);
    }
}
