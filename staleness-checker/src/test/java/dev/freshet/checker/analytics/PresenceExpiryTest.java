package dev.freshet.checker.analytics;

import dev.freshet.checker.CheckerDb;
import dev.freshet.checker.CheckerTestBase;
import dev.freshet.checker.run.TaskRun;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class PresenceExpiryTest extends CheckerTestBase {

    @Inject
    PresenceExpiry task;

    // the middle of a 5-minute bucket, so both runs below land in the same one
    private final Instant now = Instant.ofEpochSecond(Instant.now().getEpochSecond() / 300 * 300 + 100);

    private TaskRun run(Instant at) {
        return run(task, at);
    }

    @Test
    void expiredPresenceIsDeletedAndPresentViewersAreRolledUpPerBucket() {
        db.viewer("c1", "AAPL", "quote", now.minusSeconds(10));
        db.viewer("c2", "AAPL", "quote", now.minusSeconds(10));
        db.viewer("c1", "MSFT", "profile", now.minusSeconds(10));
        db.viewer("gone", "AAPL", "quote", now.minusSeconds(91));

        TaskRun r = run(now);

        assertThat(r.outcome().details().getInteger("expired")).isEqualTo(1);
        assertThat(db.sql.count("select count(*) from active_subscriptions")).isEqualTo(3);
        assertThat(db.sql.value("select viewers from subscription_analytics where data_type = 'quote' and symbol = 'AAPL'")).isEqualTo(2);
        assertThat(db.sql.value("select viewers from subscription_analytics where data_type = 'profile' and symbol = 'MSFT'")).isEqualTo(1);
        assertThat(db.sql.count("select extract(epoch from bucket_start)::bigint from subscription_analytics where symbol = 'AAPL'"))
                .isEqualTo(now.minusSeconds(100).getEpochSecond());
    }

    @Test
    void aBucketKeepsItsPeakViewerCount() {
        db.viewer("c1", "AAPL", "quote", now.minusSeconds(10));
        db.viewer("c2", "AAPL", "quote", now.minusSeconds(10));
        run(now);
        db.sql.update("delete from active_subscriptions where client_id = 'c2'");

        run(now.plusSeconds(30));

        assertThat(db.sql.value("select viewers from subscription_analytics where symbol = 'AAPL'")).isEqualTo(2);
        assertThat(db.sql.count("select count(*) from subscription_analytics")).isEqualTo(1);
    }

    @Test
    void analyticsOlderThanRetentionArePruned() {
        db.sql.update("insert into subscription_analytics values (?, 'quote', 'OLD', 3)", CheckerDb.at(now.minus(Duration.ofDays(31))));
        db.sql.update("insert into subscription_analytics values (?, 'quote', 'RECENT', 3)", CheckerDb.at(now.minus(Duration.ofDays(29))));

        run(now);

        assertThat(db.sql.count("select count(*) from subscription_analytics where symbol = 'OLD'")).isZero();
        assertThat(db.sql.count("select count(*) from subscription_analytics where symbol = 'RECENT'")).isEqualTo(1);
    }
}
