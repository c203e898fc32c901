package dev.freshet.admin.analytics;

import dev.freshet.testsupport.ManagementInterface;
import dev.freshet.testsupport.PostgresTestResource;
import io.restassured.RestAssured;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.freshet.admin.AdminApi.anonymous;
import static dev.freshet.admin.AdminApi.asViewer;
import static dev.freshet.testsupport.rows.ViewsRow.views;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class AnalyticsApiTest {

    private final TestSql sql = TestSql.current();

    @BeforeEach
    void viewedPairs() {
        sql.update("delete from subscription_analytics");
        views("quote", "AAPL").bucket(Instant.parse("2026-01-05T10:00:00Z")).viewers(3).insert(sql);
        views("quote", "AAPL").bucket(Instant.parse("2026-01-05T10:05:00Z")).viewers(5).insert(sql);
        views("quote", "MSFT").bucket(Instant.parse("2026-01-05T10:05:00Z")).viewers(2).insert(sql);
        views("quote", "AAPL").bucket(Instant.parse("2026-01-05T11:00:00Z")).viewers(1).insert(sql);
        views("profile", "AAPL").bucket(Instant.parse("2026-01-05T10:00:00Z")).viewers(1).insert(sql);
    }

    @Test
    void viewersPerDataTypeAndHourAreEachSymbolsPeakAddedUp() {
        asViewer().queryParam("since", "2026-01-05T00:00:00Z").queryParam("until", "2026-01-06T00:00:00Z")
                .get("/api/v1/admin/analytics/views").then().statusCode(200)
                .body("bucket", equalTo("hour"))
                .body("series", hasSize(3))
                .body("series.find { it.dataType == 'quote' && it.bucket == '2026-01-05T10:00:00Z' }.viewers", equalTo(7))
                .body("series.find { it.dataType == 'quote' && it.bucket == '2026-01-05T10:00:00Z' }.symbols", equalTo(2))
                .body("series.find { it.dataType == 'quote' && it.bucket == '2026-01-05T11:00:00Z' }.viewers", equalTo(1))
                .body("topPairs[0].dataType", equalTo("quote")).body("topPairs[0].symbol", equalTo("AAPL"))
                .body("topPairs[0].peakViewers", equalTo(5)).body("topPairs[0].viewerBuckets", equalTo(9));
    }

    @Test
    void aDayBucketAndFiltersNarrowTheSeries() {
        asViewer().queryParam("since", "2026-01-01T00:00:00Z").queryParam("until", "2026-01-10T00:00:00Z")
                .queryParam("bucket", "day").queryParam("dataType", "quote").queryParam("symbol", "AAPL").queryParam("top", 1)
                .get("/api/v1/admin/analytics/views").then().statusCode(200)
                .body("series", hasSize(1))
                .body("series[0].bucket", equalTo("2026-01-05T00:00:00Z"))
                .body("series[0].viewers", equalTo(5))
                .body("topPairs", hasSize(1));
    }

    @Test
    void badQueriesAreProblems() {
        for (var q : new String[][]{{"bucket", "week"}, {"top", "0"}, {"symbol", "not a symbol"}, {"since", "yesterday"}}) {
            asViewer().queryParam(q[0], q[1]).get("/api/v1/admin/analytics/views").then().statusCode(400)
                    .contentType("application/problem+json");
        }
        asViewer().queryParam("since", "2026-01-05T00:00:00Z").queryParam("until", "2026-01-04T00:00:00Z")
                .get("/api/v1/admin/analytics/views").then().statusCode(400).contentType("application/problem+json");
        asViewer().queryParam("since", "2025-01-01T00:00:00Z").queryParam("until", "2026-01-04T00:00:00Z")
                .get("/api/v1/admin/analytics/views").then().statusCode(400).contentType("application/problem+json");
        anonymous().get("/api/v1/admin/analytics/views").then().statusCode(401);
    }

    @Test
    void viewersAndBarQualityAreGauges() {
        sql.update("insert into subscription_analytics (bucket_start, data_type, symbol, viewers) values (now(), 'gauge-type', 'AAPL', 4)");
        sql.update("delete from derived_data_bars where symbol = 'GAUGE'");
        sql.update("""
                insert into derived_data_bars (symbol, timeframe, ts_utc, open, high, low, close, volume, source_bar_count, quality_score, refreshed_at)
                values ('GAUGE', '7m', now() - interval '1 hour', 1, 1, 1, 1, 1, 7, 1, now()),
                       ('GAUGE', '7m', now() - interval '2 hours', 1, 1, 1, 1, 1, 1, 0.1429, now())""");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            String metrics = RestAssured.given().port(ManagementInterface.port()).get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(metrics).contains("freshet_subscription_viewers{data_type=\"gauge-type\"} 4.0");
            assertThat(metrics).contains("freshet_aggregation_full_quality_ratio{timeframe=\"7m\"} 0.5");
        });
    }
}
