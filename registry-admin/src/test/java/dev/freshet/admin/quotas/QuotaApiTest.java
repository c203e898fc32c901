package dev.freshet.admin.quotas;

import dev.freshet.admin.TestData;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static dev.freshet.testsupport.rows.UsageRow.usageAt;
import static dev.freshet.testsupport.rows.JobRow.job;
import static dev.freshet.testsupport.rows.QuotaRow.quota;
import static dev.freshet.admin.AdminApi.asAdmin;
import static dev.freshet.admin.AdminApi.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class QuotaApiTest {

    private final TestSql sql = TestSql.current();

    private void usage(String provider, String bucketSql, int calls, long bytes) {
        usageAt(provider, bucketSql).calls(calls).bytes(bytes).rateLimited(1).insert(sql);
    }

    @Test
    void listsQuotasWithCurrentUsageAndReservations() {
        TestData.awayFromMinuteBoundary();
        quota("usage-prov").callsPerMinute(100).callsPerDay(10_000).bytesPerWindow(1_000_000L, 3600).insert(sql);
        usage("usage-prov", "date_trunc('minute', now())", 7, 700);
        usage("usage-prov", "date_trunc('minute', now()) - interval '2 minutes'", 3, 300);
        TestData.copyDataType(sql, "profile", "profile-usage", "usage-prov");
        job("profile-usage", "AAPL").provider("usage-prov").priority(10).attempts(1).lastError("HTTP 503 from upstream")
                .processingSql("processor-1", "now()", "now() + interval '1 minute'").reserved(1, 500).insert(sql);

        asViewer().get("/api/v1/quotas").then().statusCode(200).body("provider", hasItems("fmp", "polygon", "usage-prov"));
        asViewer().get("/api/v1/quotas/usage-prov").then().statusCode(200)
                .body("callsPerMinute", equalTo(100))
                .body("usage.callsThisMinute", equalTo(7))
                .body("usage.bytesInWindow", equalTo(1000))
                .body("usage.reservedCalls", equalTo(1))
                .body("usage.reservedBytes", equalTo(500))
                .body("usage.processingJobs", equalTo(1))
                .body("usage.rateLimitedLastHour", equalTo(2));
        asViewer().get("/api/v1/quotas/nobody").then().statusCode(404);
    }

    @Test
    void createsANewProviderAndUpdatesItWithOptimisticLocking() {
        asAdmin().body(Map.of("callsPerMinute", 60, "safetyMarginPct", 5)).put("/api/v1/quotas/new-prov").then().statusCode(200)
                .body("version", equalTo(1)).body("safetyMarginPct", equalTo(5.0f)).body("bytesPerWindow", nullValue());

        asAdmin().body(Map.of("callsPerMinute", 120)).put("/api/v1/quotas/new-prov").then().statusCode(409);
        asAdmin().body(Map.of("callsPerMinute", 120, "version", 1)).put("/api/v1/quotas/new-prov").then().statusCode(200)
                .body("version", equalTo(2)).body("callsPerMinute", equalTo(120));
        asAdmin().body(Map.of("callsPerMinute", 1, "version", 1)).put("/api/v1/quotas/new-prov").then().statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("current version is 2"));
        asAdmin().body(Map.of("callsPerMinute", 1, "version", 1)).put("/api/v1/quotas/never-created").then().statusCode(404);

        assertThat(sql.value("select calls_per_minute from provider_quotas where provider = 'new-prov'")).isEqualTo(120);
        assertThat(sql.rows("select action, actor from audit_log where entity_type = 'quota' and entity_id = 'new-prov' order by audit_id"))
                .containsExactly(Map.of("action", "create", "actor", "admin"), Map.of("action", "update", "actor", "admin"));
    }

    @Test
    void invalidQuotasAre400AndWriteNothing() {
        long audit = sql.count("select count(*) from audit_log");
        asAdmin().body(Map.of("callsPerMinute", 0, "version", 1)).put("/api/v1/quotas/fmp").then().statusCode(400);
        asAdmin().body(Map.of("bytesPerWindow", 100, "version", 1)).put("/api/v1/quotas/fmp").then().statusCode(400);
        asAdmin().body(Map.of("safetyMarginPct", 95, "version", 1)).put("/api/v1/quotas/fmp").then().statusCode(400);
        asAdmin().body(Map.of("callsPerMinute", 5)).put("/api/v1/quotas/Bad Provider").then().statusCode(400);
        asAdmin().body(Map.of("callsPerMinute", "many")).put("/api/v1/quotas/fmp").then().statusCode(400);
        assertThat(sql.count("select count(*) from audit_log")).isEqualTo(audit);
        assertThat(sql.value("select calls_per_minute from provider_quotas where provider = 'fmp'")).isEqualTo(300);
    }

    @Test
    void theKnownSymbolSettingsAreSetKeptWhenLeftOutAndChecked() {
        quota("ks-prov").insert(sql);
        try {
            asAdmin().body(Map.of("callsPerMinute", 60, "version", 1, "notFoundBaseSeconds", 120, "notFoundMaxSeconds", 3600))
                    .put("/api/v1/quotas/ks-prov").then().statusCode(200)
                    .body("notFoundBaseSeconds", equalTo(120)).body("notFoundMaxSeconds", equalTo(3600))
                    .body("universeDataType", nullValue());
            asAdmin().body(Map.of("callsPerMinute", 60, "version", 2)).put("/api/v1/quotas/ks-prov").then().statusCode(200)
                    .body("notFoundBaseSeconds", equalTo(120));

            long audit = sql.count("select count(*) from audit_log");
            asAdmin().body(Map.of("version", 3, "universeDataType", "no-such-type")).put("/api/v1/quotas/ks-prov").then()
                    .statusCode(400).contentType(org.hamcrest.Matchers.startsWith("application/problem+json"));
            asAdmin().body(Map.of("version", 3, "universeDataType", "fmp-stock-list")).put("/api/v1/quotas/ks-prov").then()
                    .statusCode(400).body("errors[0]", org.hamcrest.Matchers.containsString("global data type of provider ks-prov"));
            asAdmin().body(Map.of("version", 3, "notFoundBaseSeconds", 600, "notFoundMaxSeconds", 60)).put("/api/v1/quotas/ks-prov")
                    .then().statusCode(400);
            asAdmin().body(Map.of("version", 3, "notFoundBaseSeconds", 0)).put("/api/v1/quotas/ks-prov").then().statusCode(400);
            assertThat(sql.count("select count(*) from audit_log")).isEqualTo(audit);
            asViewer().get("/api/v1/quotas/fmp").then().statusCode(200).body("universeDataType", equalTo("fmp-stock-list"));
        } finally {
            sql.update("delete from provider_quotas where provider = 'ks-prov'");
        }
    }

    @Test
    void reportsUsageOverTimeBuckets() {
        quota("bucket-prov").callsPerMinute(100).insert(sql);
        usage("bucket-prov", "date_trunc('hour', now()) - interval '2 hours'", 5, 50);
        usage("bucket-prov", "date_trunc('hour', now()) - interval '2 hours' + interval '1 minute'", 6, 60);
        usage("bucket-prov", "date_trunc('hour', now()) - interval '1 hour'", 1, 10);

        List<Map<String, Object>> buckets = asViewer().get("/api/v1/admin/quota?provider=bucket-prov&bucket=hour")
                .then().statusCode(200).body("bucket", equalTo("hour")).extract().jsonPath().getList("buckets");
        assertThat(buckets).hasSize(2);
        assertThat(buckets.get(0)).containsEntry("calls", 11).containsEntry("bytes", 110).containsEntry("rateLimited", 2);
        assertThat(buckets.get(1)).containsEntry("calls", 1);

        asViewer().get("/api/v1/admin/quota?bucket=week").then().statusCode(400);
        asViewer().get("/api/v1/admin/quota?bucket=minute&since=2020-01-01T00:00:00Z").then().statusCode(400);
        asViewer().get("/api/v1/admin/quota?since=yesterday").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void forecastsWhenEachWindowRunsOutAtTheRecentRate() {
        TestData.awayFromMinuteBoundary();
        quota("forecast-prov").callsPerMinute(1000).callsPerDay(100_000).bytesPerWindow(10_000_000L, 86_400)
                .insert(sql);
        Instant now = Instant.now();
        // 900 calls over the last 15 minutes: 1 call/s; 900 of 900 effective calls this minute are used
        for (int m = 1; m <= 14; m++) {
            usage("forecast-prov", "date_trunc('minute', now()) - interval '" + m + " minutes'", 0, 10_000);
        }
        usage("forecast-prov", "date_trunc('minute', now())", 900, 0);

        Map<String, Object> forecast = asViewer().get("/api/v1/admin/quota/forecast").then().statusCode(200)
                .extract().jsonPath().getMap("find { it.provider == 'forecast-prov' }");
        assertThat(forecast).isNotNull();
        List<Map<String, Object>> windows = (List<Map<String, Object>>) forecast.get("windows");
        assertThat(windows).extracting(w -> w.get("window")).containsExactly("calls_per_minute", "calls_per_day", "bytes_per_86400s");

        Map<String, Object> minute = windows.get(0);
        assertThat(minute).containsEntry("effectiveLimit", 900).containsEntry("used", 900).containsEntry("remaining", 0)
                .containsEntry("exhausted", true);
        assertThat(Instant.parse((String) minute.get("resetsAt"))).isEqualTo(now.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES));

        Map<String, Object> day = windows.get(1);
        assertThat(day).containsEntry("effectiveLimit", 90_000).containsEntry("exhausted", false);
        // 89,100 calls left at 1 call/s is about 24.75 hours: beyond the daily reset, so no exhaustion
        assertThat(day.get("exhaustedAt")).isNull();

        Map<String, Object> bytes = windows.get(2);
        assertThat(bytes).containsEntry("used", 140_000).containsEntry("remaining", 9_000_000 - 140_000);
        Instant exhausted = Instant.parse((String) bytes.get("exhaustedAt"));
        // 140,000 bytes in 900 s: 155.6 B/s, so the 8.86 MB left last about 15.8 hours
        assertThat(exhausted).isBetween(now.plus(15, ChronoUnit.HOURS), now.plus(17, ChronoUnit.HOURS));
    }

    @Test
    void forecastWindowArithmetic() {
        Instant now = Instant.parse("2025-01-01T12:00:30Z");
        QuotaForecast.Window w = QuotaReports.window("calls_per_minute", "calls", 100, 10, 40, 10, 2.0,
                Instant.parse("2025-01-01T12:01:00Z"), now);
        assertThat(w.effectiveLimit()).isEqualTo(90);
        assertThat(w.remaining()).isEqualTo(40);
        assertThat(w.exhaustedAt()).isEqualTo(Instant.parse("2025-01-01T12:00:50Z"));
        QuotaForecast.Window slow = QuotaReports.window("calls_per_minute", "calls", 100, 10, 40, 10, 0.1,
                Instant.parse("2025-01-01T12:01:00Z"), now);
        assertThat(slow.exhaustedAt()).isNull();
        assertThat(QuotaReports.window("b", "bytes", 100, 0, 0, 0, 0, null, now).exhaustedAt()).isNull();
    }
}
