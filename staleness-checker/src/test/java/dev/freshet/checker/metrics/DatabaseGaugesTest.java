package dev.freshet.checker.metrics;

import dev.freshet.testsupport.ManagementInterface;
import dev.freshet.checker.CheckerTestBase;
import dev.freshet.testsupport.PostgresTestResource;
import io.micrometer.core.instrument.Tags;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.freshet.testsupport.rows.UsageRow.usageThisMinute;
import static dev.freshet.testsupport.rows.JobRow.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class DatabaseGaugesTest extends CheckerTestBase {

    @Inject
    DatabaseGauges gauges;

    @Test
    void publishesQueueDepthQuotaUseAndActiveSubscriptions() {
        job("quote", "AAPL").priority(1000).origin("viewer").insert(db.sql);
        job("quote", "MSFT").priority(1000).origin("viewer").insert(db.sql);
        job("profile", "IBM").priority(1000).origin("viewer")
                .processing("p1", Instant.now(), Instant.now().plusSeconds(60)).reserved(1, 1800).insert(db.sql);
        usageThisMinute("fmp").calls(7).bytes(9000).insert(db.sql);
        db.viewer("c1", "AAPL", "quote", Instant.now());
        db.viewer("c2", "AAPL", "quote", Instant.now().minus(Duration.ofHours(1)));

        gauges.refresh().await().atMost(Duration.ofSeconds(5));

        assertThat(gauges.value("freshet_queue_depth", Tags.of("status", "pending", "data_type", "quote"))).isEqualTo(2);
        assertThat(gauges.value("freshet_queue_depth", Tags.of("status", "processing", "data_type", "profile"))).isEqualTo(1);
        Tags fmp = Tags.of("provider", "fmp");
        assertThat(gauges.value("freshet_quota_calls_used", fmp)).isEqualTo(7);
        assertThat(gauges.value("freshet_quota_calls_reserved", fmp)).isEqualTo(1);
        assertThat(gauges.value("freshet_quota_bytes_used", fmp)).isEqualTo(9000);
        assertThat(gauges.value("freshet_quota_bytes_reserved", fmp)).isEqualTo(1800);
        assertThat(gauges.value("freshet_quota_calls_limit", fmp)).isEqualTo(270);
        assertThat(gauges.value("freshet_active_subscriptions", Tags.empty())).isEqualTo(1);

        given().port(ManagementInterface.port()).get("/q/metrics").then().statusCode(200)
                .body(containsString("freshet_queue_depth{data_type=\"quote\",status=\"pending\"} 2.0"));
    }

    @Test
    void publishesTheWorstAggregationLagPerTimeframe() {
        db.sql.update("delete from data_agg_state");
        db.sql.update("delete from data_bars where symbol in ('LAGA', 'LAGB')");
        db.sql.update("""
                insert into data_bars (symbol, ts_utc, open, high, low, close, volume, refreshed_at)
                values ('LAGA', timestamptz '2026-01-05 11:00:00+00', 1, 1, 1, 1, 1, now()),
                       ('LAGB', timestamptz '2026-01-05 10:10:00+00', 1, 1, 1, 1, 1, now())""");
        db.sql.update("""
                insert into data_agg_state (symbol, timeframe, last_agg_bar_ts_utc, agg_start_utc)
                values ('LAGA', '5m', timestamptz '2026-01-05 10:00:00+00', timestamptz '2026-01-01 00:00:00+00'),
                       ('LAGB', '5m', timestamptz '2026-01-05 10:05:00+00', timestamptz '2026-01-01 00:00:00+00')""");

        gauges.refresh().await().atMost(Duration.ofSeconds(5));

        assertThat(gauges.value("freshet_aggregation_lag_seconds", Tags.of("timeframe", "5m"))).isEqualTo(3600);
        db.sql.update("delete from data_agg_state");
    }

    @Test
    void publishesTheAgeOfViewedDataPerTierAndZeroForATierNobodyViews() {
        db.viewer("c1", "AAPL", "quote", Instant.now());
        db.sql.update("""
                insert into data_freshness (data_type, symbol, tier, last_updated_at, state, checked_at)
                values ('quote', 'AAPL', 'critical', now() - interval '2000 seconds', 'stale', now())""");

        gauges.refresh().await().atMost(Duration.ofSeconds(5));

        Tags critical = Tags.of("tier", "critical");
        assertThat(gauges.value("freshet_viewed_pairs", critical)).isEqualTo(1);
        assertThat(gauges.value("freshet_viewed_pairs_stale", critical)).isEqualTo(1);
        assertThat(gauges.value("freshet_viewed_data_age_seconds", critical.and("quantile", "1"))).isBetween(2000L, 2100L);
        assertThat(gauges.value("freshet_viewed_pairs", Tags.of("tier", "standard"))).isZero();
        given().port(ManagementInterface.port()).get("/q/metrics").then().statusCode(200)
                .body(containsString("freshet_viewed_pairs_stale{tier=\"critical\"} 1.0"));
    }

    @Test
    void publishesJobsDueAndAggregationFailures() {
        job("quote", "AAPL").priority(1).origin("viewer").insert(db.sql);
        db.sql.update("delete from data_agg_state");
        db.sql.update("""
                insert into data_agg_state (symbol, timeframe, agg_start_utc, status, hard_fail_streak, enabled)
                values ('AGGA', '5m', now(), 'hard_failed', 3, true)""");

        gauges.refresh().await().atMost(Duration.ofSeconds(5));

        assertThat(gauges.value("freshet_queue_due", Tags.empty())).isEqualTo(1);
        Tags fiveMinutes = Tags.of("timeframe", "5m");
        assertThat(gauges.value("freshet_aggregation_tasks_hard_failed", fiveMinutes)).isEqualTo(1);
        assertThat(gauges.value("freshet_aggregation_tasks_failing", fiveMinutes)).isEqualTo(1);
        assertThat(gauges.value("freshet_aggregation_fail_streak_max", fiveMinutes)).isEqualTo(3);
        db.sql.update("delete from data_agg_state");
    }

    @Test
    void aDrainedQueueReadsZeroRatherThanItsLastDepth() {
        job("quote", "AAPL").priority(1).origin("viewer").insert(db.sql);
        gauges.refresh().await().atMost(Duration.ofSeconds(5));
        db.sql.update("delete from refresh_jobs");
        gauges.refresh().await().atMost(Duration.ofSeconds(5));
        assertThat(gauges.value("freshet_queue_depth", Tags.of("status", "pending", "data_type", "quote"))).isZero();
    }

    @Test
    void publishesHowFarEachTaskIsPastItsOverdueLimitFromAnyReplicasLastSuccess() {
        db.sql.update("""
                insert into scheduler_execution_log (task, instance_id, started_at, finished_at, status)
                values ('lease-recovery', 'other-replica', now() - interval '1001 seconds', now() - interval '1000 seconds', 'succeeded'),
                       ('presence-scan', 'other-replica', now() - interval '2 seconds', now() - interval '1 seconds', 'succeeded'),
                       ('history-maintenance', 'other-replica', now() - interval '3 hours', now() - interval '3 hours', 'failed')""");

        gauges.refresh().await().atMost(Duration.ofSeconds(5));

        // lease-recovery runs every 30 s and is overdue after 3 intervals: 1000 s - 90 s late, give or take the test's own time
        assertThat(gauges.value("freshet_checker_task_overdue_seconds", Tags.of("task", "lease-recovery"))).isBetween(905L, 970L);
        assertThat(gauges.value("freshet_checker_task_overdue_seconds", Tags.of("task", "presence-scan"))).isZero();
        assertThat(gauges.value("freshet_checker_task_overdue_seconds", Tags.of("task", "history-maintenance")))
                .as("a failure is no success: never succeeded counts from this replica's start, within 3 h").isZero();
        given().port(ManagementInterface.port()).get("/q/metrics").then().statusCode(200)
                .body(containsString("freshet_checker_task_overdue_seconds{task=\"lease-recovery\"}"));
    }
}
