package dev.freshet.checker.aggregation;

import dev.freshet.checker.CheckerDb;
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

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class AggregationDueTest {

    @Inject
    AggregationDue task;

    @Inject
    Registry registry;

    private final CheckerDb db = new CheckerDb();

    @BeforeEach
    void clean() {
        db.reset();
        db.aggregationTypesEnabled(false, registry);
    }

    @AfterEach
    void restoreDefaults() {
        db.aggregationTypesEnabled(true, registry);
    }

    @Test
    void withNoAggregationDataTypeEnabledTheTaskSucceedsAndQueuesNothing() {
        TaskRun r = task.run(Instant.now()).await().atMost(Duration.ofSeconds(20));

        assertThat(r.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(r.outcome().jobsEnqueued()).isZero();
        assertThat(r.outcome().details().getString("reason")).contains("no aggregation data type enabled");
        assertThat(db.sql.count("select count(*) from refresh_jobs")).isZero();
    }
}
