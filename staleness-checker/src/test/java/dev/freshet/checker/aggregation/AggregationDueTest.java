package dev.freshet.checker.aggregation;

import dev.freshet.checker.CheckerTestBase;
import dev.freshet.checker.run.TaskRun;
import dev.freshet.checker.run.TaskStatus;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import dev.freshet.shared.registry.Registry;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class AggregationDueTest extends CheckerTestBase {

    @Inject
    AggregationDue task;

    @Inject
    Registry registry;

    @BeforeEach
    void clean() {
        db.reset();
        db.aggregationTypesEnabled(false, registry);
    }

    @AfterEach
    void restoreDefaults() {
        db.reset();
        db.aggregationTypesEnabled(true, registry);
    }

    @Test
    void withNoAggregationDataTypeEnabledTheTaskSucceedsAndQueuesNothing() {
        TaskRun r = run(task, Instant.now());

        assertThat(r.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(r.outcome().jobsEnqueued()).isZero();
        assertThat(r.outcome().details().getString("reason")).contains("no aggregation data type enabled");
        assertThat(db.sql.count("select count(*) from refresh_jobs")).isZero();
    }

    @Test
    void aRunCreatesTasksForNewSymbolsAndQueuesTheDueOnesOfEnabledTimeframes() {
        db.sql.update("update data_type_registry set rollout_state = 'live' where data_type = 'bars-5m'");
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.find("bars-5m").orElseThrow().enabled());
        for (String s : new String[]{"AAA", "BBB"}) {
            db.sql.update("""
                    insert into data_bars (symbol, timeframe, ts_utc, open, high, low, close, volume, refreshed_at)
                    values (?, '1m', timestamptz '2025-07-01 00:00:00+00', 1, 1, 1, 1, 1, now())""", s);
        }

        TaskRun first = run(task, Instant.now().plusSeconds(5));
        TaskRun second = run(task, Instant.now().plusSeconds(10));

        assertThat(first.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(first.outcome().details().getInteger("tasksCreated")).isEqualTo(8);
        assertThat(first.outcome().jobsEnqueued()).isEqualTo(2);
        assertThat(db.jobs("bars-5m")).isEqualTo(2);
        assertThat(db.jobs("bars-1h")).as("disabled timeframes are not queued").isZero();
        assertThat(db.sql.count("select count(*) from data_agg_state where status = 'running'")).isEqualTo(2);
        assertThat(second.outcome().jobsEnqueued()).as("running tasks are not claimed twice").isZero();
    }
}
