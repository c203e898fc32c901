package dev.freshet.tracker.subscription;

import dev.freshet.shared.queue.Priorities;
import dev.freshet.shared.registry.Registry;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.freshet.tracker.Api.as;
import static dev.freshet.tracker.Api.newClient;
import static dev.freshet.tracker.Api.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** Looking at derived bars (a 1-hour chart) looks at the 1-minute bars they are built from. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class DerivedBarsSubscriptionTest {

    private final TestSql sql = TestSql.current();

    @Inject
    Registry registry;

    @Test
    void subscribingToHourBarsQueuesTheOneMinuteFetchWithTheViewersPriority() {
        String client = newClient("chart");
        as(client).body(subscribe(client, "CHART1", "bars-1h")).post("/v1/subscriptions")
                .then().statusCode(200)
                .body("subscriptions", hasSize(1))
                .body("subscriptions[0].dataType", equalTo("bars-1h"))
                .body("subscriptions[0].state", equalTo("missing"))
                .body("subscriptions[0].tracked", equalTo(true))
                .body("subscriptions[0].refresh", equalTo("queued"))
                .body("subscriptions[0].queued", equalTo(true));

        List<Map<String, Object>> jobs = sql.rows("select data_type, origin, viewer_count, priority from refresh_jobs where symbol = 'CHART1'");
        assertThat(jobs).hasSize(1);
        assertThat(jobs.get(0).get("data_type")).isEqualTo("bars-1m");
        assertThat(jobs.get(0).get("origin")).isEqualTo("viewer");
        assertThat(jobs.get(0).get("viewer_count")).isEqualTo(1);
        assertThat(jobs.get(0).get("priority")).isEqualTo(Priorities.viewer(registry.find("bars-1m").orElseThrow(), 1));
        assertThat(sql.rows("select data_type from active_subscriptions where client_id = ? order by data_type", client))
                .extracting(r -> r.get("data_type")).containsExactly("bars-1h", "bars-1m");
    }

    @Test
    void aHeartbeatKeepsTheSourceViewedAndEveryTimeframeOfTheChainIsSubscribable() {
        String client = newClient("chart");
        as(client).body(Map.of("clientId", client, "symbol", "CHART2", "dataTypes", List.of("bars-5m", "bars-15m", "bars-1d")))
                .post("/v1/subscriptions").then().statusCode(200).body("subscriptions", hasSize(3));
        assertThat(sql.count("select count(*) from refresh_jobs where symbol = 'CHART2' and data_type = 'bars-1m'")).isEqualTo(1);
        assertThat(sql.count("select count(*) from refresh_jobs where symbol = 'CHART2' and data_type <> 'bars-1m'")).isZero();

        as(client).body(Map.of("clientId", client)).post("/v1/heartbeat")
                .then().statusCode(200).body("renewed", equalTo(4));
    }

    @Test
    void aDerivedPairIsNoFresherThanTheOneMinuteBarsItIsBuiltFrom() {
        // fresh hour bars over 1-minute bars refreshed two days ago: the chart is not being kept up
        sql.update("insert into derived_data_bars (symbol, timeframe, ts_utc, open, high, low, close, volume, source_bar_count,"
                + " quality_score, refreshed_at) values ('CHART4', '1h', date_trunc('hour', now()) - interval '1 hour', 1, 2, 0.5, 1.5, 10, 60, 1, now())");
        sql.update("insert into data_bars (symbol, timeframe, ts_utc, open, high, low, close, volume, refreshed_at)"
                + " values ('CHART4', '1m', now() - interval '2 days', 1, 2, 0.5, 1.5, 10, now() - interval '2 days')");
        String client = newClient("chart");
        as(client).get("/v1/freshness/CHART4?dataTypes=bars-1h").then().statusCode(200)
                .body("dataTypes[0].state", equalTo("stale"));
        as(client).body(subscribe(client, "CHART4", "bars-1h")).post("/v1/subscriptions").then().statusCode(200)
                .body("subscriptions[0].state", equalTo("stale"))
                .body("subscriptions[0].refresh", equalTo("queued"));

        // once the 1-minute bars are fresh too, the chart reads fresh
        sql.update("update data_bars set refreshed_at = now(), ts_utc = now() where symbol = 'CHART4'");
        as(client).get("/v1/freshness/CHART4?dataTypes=bars-1h").then().statusCode(200)
                .body("dataTypes[0].state", equalTo("fresh"));
    }

    @Test
    void aDerivedTimeframeWhoseSourceIsOffIsAnsweredDisabledAndNothingIsQueued() {
        sql.update("update data_type_registry set rollout_state = 'off' where data_type = 'bars-1m'");
        try {
            registry.reload().await().indefinitely();
            String client = newClient("chart");
            as(client).body(subscribe(client, "CHART3", "bars-1h")).post("/v1/subscriptions")
                    .then().statusCode(200)
                    .body("subscriptions[0].state", equalTo("disabled"))
                    .body("subscriptions[0].tracked", equalTo(false));
            assertThat(sql.count("select count(*) from refresh_jobs where symbol = 'CHART3'")).isZero();
            assertThat(sql.count("select count(*) from active_subscriptions where symbol = 'CHART3'")).isZero();
        } finally {
            sql.update("update data_type_registry set rollout_state = 'live' where data_type = 'bars-1m'");
            registry.reload().await().indefinitely();
        }
    }
}
