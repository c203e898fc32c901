package dev.freshet.tracker.data;

import dev.freshet.testsupport.ManagementInterface;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import io.restassured.response.Response;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;

import static dev.freshet.tracker.Api.as;
import static dev.freshet.tracker.Api.newClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class ReadApiTest {

    private final TestSql sql = TestSql.current();

    @Test
    void freshnessAnswersPerDataTypeWithoutRecordingOrQueueing() {
        sql.update("insert into profiles (symbol, company_name, refreshed_at) values ('RD1', 'Read Inc', now())");
        sql.update("insert into quotes (symbol, price, refreshed_at) values ('RD1', 10, ?)",
                OffsetDateTime.now(ZoneOffset.UTC).minusHours(1));
        String client = newClient("r");
        as(client).get("/v1/freshness/rd1?dataTypes=profile,quote,ratios-ttm")
                .then().statusCode(200)
                .body("symbol", equalTo("RD1"))
                .body("dataTypes", hasSize(3))
                .body("dataTypes[0].state", equalTo("fresh"))
                .body("dataTypes[1].state", equalTo("stale"))
                .body("dataTypes[2].state", equalTo("missing"))
                .body("dataTypes[0].tracked", org.hamcrest.Matchers.nullValue());
        assertThat(sql.count("select count(*) from active_subscriptions where symbol = 'RD1'")).isZero();
        assertThat(sql.count("select count(*) from refresh_jobs where symbol = 'RD1'")).isZero();
    }

    @Test
    void freshnessWithoutDataTypesCoversEveryEnabledPerSymbolType() {
        String client = newClient("r");
        as(client).get("/v1/freshness/RD2").then().statusCode(200).body("dataTypes", hasSize(14));
        as(client).get("/v1/freshness/*").then().statusCode(200).body("dataTypes", hasSize(2))
                .body("dataTypes[0].symbol", equalTo("*"));
    }

    @Test
    void dataReturnsTheNewestRowsFirst() {
        sql.update("""
                insert into dividend_history (symbol, ex_date, dividend, refreshed_at) values
                ('RD3', '2024-02-09', 0.24, now()), ('RD3', '2024-05-10', 0.25, now()), ('RD4', '2024-02-09', 1, now())""");
        String client = newClient("r");
        as(client).get("/v1/data/dividend-history/RD3")
                .then().statusCode(200)
                .body("dataType", equalTo("dividend-history"))
                .body("state", equalTo("fresh"))
                .body("updatedAt", notNullValue())
                .body("truncated", equalTo(false))
                .body("nextCursor", nullValue())
                .body("rows", hasSize(2))
                .body("rows[0].ex_date", equalTo("2024-05-10"))
                .body("rows[1].dividend", equalTo(0.24f));
    }

    /** Dividends on consecutive days from 2024-01-01. */
    private void dividends(String symbol, int days) {
        sql.update("""
                insert into dividend_history (symbol, ex_date, dividend, refreshed_at)
                select ?, date '2024-01-01' + d, d, now() from generate_series(0, ? - 1) d""", symbol, days);
    }

    @Test
    void aCursorPagesThroughOlderRowsUntilTheLast() {
        // the test application serves 3 rows a page
        dividends("PG1", 7);
        String client = newClient("r");
        Response first = as(client).get("/v1/data/dividend-history/PG1");
        first.then().statusCode(200).body("truncated", equalTo(true))
                .body("rows.ex_date", contains("2024-01-07", "2024-01-06", "2024-01-05"));
        Response second = as(client).queryParam("cursor", first.<String>path("nextCursor")).get("/v1/data/dividend-history/PG1");
        second.then().statusCode(200).body("truncated", equalTo(true))
                .body("rows.ex_date", contains("2024-01-04", "2024-01-03", "2024-01-02"));
        as(client).queryParam("cursor", second.<String>path("nextCursor")).get("/v1/data/dividend-history/PG1")
                .then().statusCode(200).body("truncated", equalTo(false)).body("nextCursor", nullValue())
                .body("rows.ex_date", contains("2024-01-01"));
    }

    @Test
    void aCursorThatIsNotOneWeIssuedIsA400() {
        dividends("PG2", 5);
        String client = newClient("r");
        String issued = as(client).get("/v1/data/dividend-history/PG2").path("nextCursor");
        String wrongType = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"d\":\"dividend-history\",\"s\":\"PG2\",\"k\":{\"ex_date\":\"the ides of March\"}}".getBytes(StandardCharsets.UTF_8));
        String otherColumns = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"d\":\"dividend-history\",\"s\":\"PG2\",\"k\":{\"price\":1}}".getBytes(StandardCharsets.UTF_8));
        for (String[] bad : new String[][]{{"PG2", "not-base64!"}, {"PG2", "bm90IGpzb24"}, {"PG3", issued},
                {"PG2", wrongType}, {"PG2", otherColumns}, {"PG2", "x".repeat(3000)}}) {
            as(client).queryParam("cursor", bad[1]).get("/v1/data/dividend-history/" + bad[0])
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", startsWith("cursor is not valid"));
        }
    }

    @Test
    void barsAreReadAndJudgedPerTimeframe() {
        sql.update("""
                insert into derived_data_bars (symbol, timeframe, ts_utc, open, high, low, close, source_bar_count, quality_score, refreshed_at)
                values ('BR1', '5m', '2025-01-02 10:00Z', 1, 1, 1, 5, 5, 1, now() - interval '1 hour'),
                       ('BR1', '5m', '2025-01-02 10:05Z', 1, 1, 1, 5, 5, 1, now() - interval '1 hour'),
                       ('BR1', '15m', '2025-01-02 10:00Z', 1, 1, 1, 15, 15, 1, now()),
                       ('BR1', '1h', '2025-01-02 10:00Z', 1, 1, 1, 60, 60, 1, now())""");
        String client = newClient("r");
        as(client).get("/v1/data/bars-5m/BR1").then().statusCode(200)
                .body("state", equalTo("stale"))
                .body("rows.timeframe", everyItem(equalTo("5m")))
                .body("rows.ts_utc", contains(startsWith("2025-01-02T10:05"), startsWith("2025-01-02T10:00")));
        as(client).get("/v1/data/bars-15m/BR1").then().statusCode(200)
                .body("state", equalTo("fresh")).body("rows", hasSize(1)).body("rows[0].close", equalTo(15));
        as(client).get("/v1/data/bars-1d/BR1").then().statusCode(200)
                .body("state", equalTo("missing")).body("rows", hasSize(0));
    }

    @Test
    void dataServesOnlyTheMappedColumnsKeysAndTimestampsNotTheRestOfTheRow() {
        sql.update("alter table shares_float add column if not exists operator_note text");
        sql.update("""
                insert into shares_float (symbol, free_float, float_shares, outstanding_shares, source_date, refreshed_at, operator_note)
                values ('RD9', 0.9, 100, 110, now(), now(), 'private: not for the public')""");
        String client = newClient("r");
        Map<String, Object> row = as(client).get("/v1/data/shares-float/RD9")
                .then().statusCode(200).body("rows", hasSize(1))
                .extract().jsonPath().getMap("rows[0]");
        assertThat(row.keySet()).containsExactlyInAnyOrder("symbol", "refreshed_at", "source_date",
                "free_float", "float_shares", "outstanding_shares");
    }

    @Test
    void aTokenInTheQueryIsReadOnlyOnTheEventStreamNeverOnOtherEndpoints() {
        String token = dev.freshet.tracker.Api.token(newClient("q"));
        io.restassured.RestAssured.given().get("/v1/data/profile/RD1?token=" + token).then().statusCode(401);
        io.restassured.RestAssured.given().get("/v1/freshness/RD1?token=" + token).then().statusCode(401);
    }

    @Test
    void dataOfAMissingSymbolIsAnEmptyListMarkedMissing() {
        String client = newClient("r");
        as(client).get("/v1/data/profile/NODATA").then().statusCode(200)
                .body("state", equalTo("missing")).body("rows", hasSize(0));
    }

    @Test
    void aGlobalDataTypeIsReadWithTheStarSymbol() {
        sql.update("insert into available_exchanges (exchange, name, refreshed_at) values ('XNYS', 'New York', now()) on conflict do nothing");
        String client = newClient("r");
        as(client).get("/v1/data/available-exchanges/*").then().statusCode(200)
                .body("symbol", equalTo("*"))
                .body("rows.exchange", org.hamcrest.Matchers.hasItem("XNYS"));
    }

    @Test
    void theOpenApiDocumentDescribesTheTrackerApi() {
        io.restassured.RestAssured.given().port(ManagementInterface.port()).get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/v1/subscriptions"))
                .body("paths", org.hamcrest.Matchers.hasKey("/v1/events"));
    }
}
