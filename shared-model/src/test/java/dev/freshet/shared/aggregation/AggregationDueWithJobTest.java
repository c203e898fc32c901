package dev.freshet.shared.aggregation;

import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.freshet.testsupport.rows.JobRow.job;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * V70: a task whose job is still queued or running is not claimed again (it would turn 'running'
 * with no job until the stale-running timeout); once the job is gone it is claimed as before.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class AggregationDueWithJobTest extends AggregationTestBase {

    @BeforeEach
    void clean() {
        clearAggregation();
        sql.update("update data_type_registry set rollout_state = 'live' where data_type in ('bars-5m', 'bars-15m')");
        for (String symbol : new String[]{"AAA", "BBB"}) {
            for (String tf : new String[]{"5m", "15m"}) {
                sql.update("insert into data_agg_state (symbol, timeframe, agg_start_utc, next_run_at_utc) values (?, ?, ?, ?)",
                        symbol, tf, at(DAY), at(DAY));
            }
        }
    }

    @AfterEach
    void disableBars() {
        sql.update("update data_type_registry set rollout_state = 'off' where handler = 'aggregate-bars'");
        sql.update("truncate refresh_jobs");
    }

    @Test
    void aTaskWhoseJobIsStillRunningStaysIdleAndIsClaimedOnceTheJobIsGone() {
        // AAA 5m's previous job is still processing: its handler finished the task (idle, due now)
        job("bars-5m", "AAA").provider("local").priority(30).origin("aggregation")
                .processingSql("p1", "now()", "now() + interval '1 minute'").insert(sql);

        Row first = one(Tuple.of("x", at(LATER), 10, 600));

        assertThat(first.getLong("claimed")).as("AAA 15m, BBB 5m, BBB 15m").isEqualTo(3);
        assertThat(first.getLong("queued")).isEqualTo(3);
        assertThat(sql.count("select count(*) from data_agg_state where symbol = 'AAA' and timeframe = '5m' and status = 'idle'"))
                .as("not turned running without a job of its own").isEqualTo(1);

        sql.update("delete from refresh_jobs where data_type = 'bars-5m' and symbol = 'AAA'");
        Row second = one(Tuple.of("x", at(LATER), 10, 600));

        assertThat(second.getLong("claimed")).isEqualTo(1);
        assertThat(second.getLong("queued")).isEqualTo(1);
        assertThat(sql.count("select count(*) from refresh_jobs where data_type = 'bars-5m' and symbol = 'AAA' and status = 'pending'"))
                .isEqualTo(1);
    }

    @Test
    void aSilentRunningTaskWithoutAJobIsStillClaimedAgainAndOneWithAPendingJobIsNot() {
        sql.update("update data_agg_state set status = 'running', running_since_utc = ? where symbol = 'AAA'", at(LATER.minusSeconds(3600)));
        job("bars-15m", "AAA").provider("local").priority(20).origin("aggregation").insert(sql);

        Row r = one(Tuple.of("x", at(LATER), 10, 600));

        assertThat(r.getLong("claimed")).as("AAA 5m (lost its job), BBB 5m, BBB 15m").isEqualTo(3);
        assertThat(sql.count("select count(*) from data_agg_state where symbol = 'AAA' and timeframe = '15m' and claimed_by is null"))
                .isEqualTo(1);
    }

    private Row one(Tuple params) {
        return pool.preparedQuery(AggregationSql.ENQUEUE_DUE).execute(params).await().atMost(Duration.ofSeconds(20)).iterator().next();
    }
}
