package dev.freshet.admin.analytics;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.StatementTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.freshet.admin.TestData.at;
import static dev.freshet.testsupport.rows.ViewsRow.views;
import static org.assertj.core.api.Assertions.assertThat;

/** The subscription analytics reads on the real database. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class AnalyticsSqlTest extends StatementTest {


    @BeforeEach
    void viewedPairs() {
        sql.update("delete from subscription_analytics");
        views("quote", "AAPL").bucket(Instant.parse("2026-01-05T23:55:00Z")).viewers(2).insert(sql);
        views("quote", "AAPL").bucket(Instant.parse("2026-01-06T00:00:00Z")).viewers(4).insert(sql);
        views("quote", "MSFT").bucket(Instant.parse("2026-01-06T00:00:00Z")).viewers(1).insert(sql);
        views("profile", "AAPL").bucket(Instant.parse("2026-01-06T00:00:00Z")).viewers(3).insert(sql);
    }

    @Test
    void viewsBucketInUtcWithEachSymbolsPeak() {
        List<Row> days = execute(AnalyticsSql.VIEWS, at(Instant.parse("2026-01-01T00:00:00Z")),
                at(Instant.parse("2026-01-10T00:00:00Z")), "day", "quote", null);
        assertThat(days).extracting(r -> r.getOffsetDateTime("bucket").toInstant() + " " + r.getLong("viewers") + " " + r.getLong("symbols"))
                .containsExactly("2026-01-05T00:00:00Z 2 1", "2026-01-06T00:00:00Z 5 2");
        List<Row> untilExclusive = execute(AnalyticsSql.VIEWS, at(Instant.parse("2026-01-05T00:00:00Z")),
                at(Instant.parse("2026-01-06T00:00:00Z")), "hour", null, "AAPL");
        assertThat(untilExclusive).hasSize(1);
    }

    @Test
    void topPairsRankByViewerBuckets() {
        List<Row> top = execute(AnalyticsSql.TOP_PAIRS, at(Instant.parse("2026-01-01T00:00:00Z")),
                at(Instant.parse("2026-01-10T00:00:00Z")), null, 2);
        assertThat(top).extracting(r -> r.getString("data_type") + "/" + r.getString("symbol") + " " + r.getLong("viewer_buckets"))
                .containsExactly("quote/AAPL 6", "profile/AAPL 3");
    }

    @Test
    void latestViewersReadOnlyTheNewestBucket() {
        List<Row> latest = execute(AnalyticsSql.LATEST_VIEWERS, at(Instant.parse("2026-01-05T00:00:00Z")));
        assertThat(latest).extracting(r -> r.getString("data_type") + " " + r.getLong("viewers"))
                .containsExactlyInAnyOrder("quote 5", "profile 3");
        assertThat(execute(AnalyticsSql.LATEST_VIEWERS, at(Instant.parse("2026-02-01T00:00:00Z")))).isEmpty();
    }
}
