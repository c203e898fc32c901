package dev.freshet.checker.analytics;

import dev.freshet.checker.CheckerTestBase;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static dev.freshet.checker.CheckerDb.at;
import static dev.freshet.testsupport.rows.ViewsRow.views;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class PresenceExpirySqlTest extends CheckerTestBase {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final Instant bucket = now.truncatedTo(ChronoUnit.HOURS);

    @Test
    void expireAndRollUpDeletesLapsedPresenceAndKeepsThePeakOfTheBucket() {
        db.viewer("c1", "AAPL", "quote", now.minusSeconds(10));
        db.viewer("c2", "AAPL", "quote", now.minusSeconds(20));
        db.viewer("gone", "MSFT", "quote", now.minusSeconds(300));
        views("quote", "AAPL").bucket(bucket).viewers(5).insert(db.sql);
        views("quote", "NVDA").bucket(bucket).insert(db.sql);

        Row r = execute(PresenceExpirySql.EXPIRE_AND_ROLL_UP, at(now.minusSeconds(90)), at(bucket)).get(0);

        assertThat(r.getInteger("expired")).isEqualTo(1);
        assertThat(r.getInteger("rolled_up")).isEqualTo(1);
        assertThat(db.sql.count("select count(*) from active_subscriptions where client_id = 'gone'")).isZero();
        assertThat(db.sql.value("select viewers from subscription_analytics where symbol = 'AAPL'")).as("the peak stays").isEqualTo(5);
        assertThat(db.sql.value("select viewers from subscription_analytics where symbol = 'NVDA'")).isEqualTo(1);
    }

    @Test
    void pruneAnalyticsDropsBucketsBeforeTheCutoff() {
        views("quote", "OLD").bucket(bucket.minus(40, ChronoUnit.DAYS)).insert(db.sql);
        views("quote", "NEW").bucket(bucket).insert(db.sql);

        int pruned = rowCount(PresenceExpirySql.PRUNE_ANALYTICS, at(bucket.minus(30, ChronoUnit.DAYS)));

        assertThat(pruned).isEqualTo(1);
        assertThat(db.sql.count("select count(*) from subscription_analytics where symbol = 'NEW'")).isEqualTo(1);
    }
}
