package dev.freshet.checker.shadow;

import dev.freshet.checker.CheckerTestBase;
import dev.freshet.checker.run.TaskRun;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.freshet.checker.CheckerDb.at;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class ShadowRetentionTest extends CheckerTestBase {

    private static final Instant NOW = Instant.parse("2025-07-01T12:00:00Z");

    @Inject
    ShadowRetention task;
    @Test
    void shadowRecordsOlderThanTheRetentionArePrunedAndNewerOnesKept() {
        db.shadowRecord("quote", "OLD", NOW.minus(Duration.ofDays(8)));
        db.shadowRecord("profile", "OLD", NOW.minus(Duration.ofDays(7)).minusSeconds(1));
        db.shadowRecord("quote", "KEPT", NOW.minus(Duration.ofDays(6)));

        TaskRun r = run(task, NOW);

        assertThat(r.outcome().details().getInteger("deleted")).isEqualTo(2);
        assertThat(r.outcome().details().getBoolean("more")).isFalse();
        assertThat(db.sql.rows("select symbol from shadow_writes")).extracting(m -> m.get("symbol")).containsExactly("KEPT");
    }

    @Test
    void pruneDeletesTheOldestFirstAtMostTheLimitAndSaysWhetherMoreRemain() {
        db.shadowRecord("quote", "A", NOW.minusSeconds(300));
        db.shadowRecord("quote", "B", NOW.minusSeconds(200));
        db.shadowRecord("quote", "C", NOW.minusSeconds(100));
        db.shadowRecord("quote", "D", NOW.plusSeconds(1));

        Row first = execute(ShadowRetentionSql.PRUNE, at(NOW), 2).get(0);

        assertThat(first.getInteger("deleted")).isEqualTo(2);
        assertThat(first.getBoolean("more")).isTrue();
        assertThat(db.sql.rows("select symbol from shadow_writes order by symbol")).extracting(m -> m.get("symbol"))
                .containsExactly("C", "D");
        Row second = execute(ShadowRetentionSql.PRUNE, at(NOW), 2).get(0);
        assertThat(second.getInteger("deleted")).isEqualTo(1);
        assertThat(second.getBoolean("more")).isFalse();
    }
}
