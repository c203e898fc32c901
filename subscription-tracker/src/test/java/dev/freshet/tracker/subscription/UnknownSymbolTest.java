package dev.freshet.tracker.subscription;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.freshet.tracker.Api.as;
import static dev.freshet.tracker.Api.newClient;
import static dev.freshet.tracker.Api.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * Known symbols: a pair for a symbol outside the provider's loaded universe, or remembered as not
 * found, answers {@code unknown} and queues nothing, while the rest of the request is answered as
 * usual. The negative cache's end is moved on the database's clock, never waited for.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class UnknownSymbolTest {

    private final TestSql sql = TestSql.current();

    @AfterEach
    void noUniverseNoNegativeCache() {
        sql.update("truncate symbol_universe, symbol_not_found");
        sql.update("update data_type_registry set rollout_state = 'off' where data_type = 'fmp-stock-list'");
    }

    private long jobs(String symbol) {
        return sql.count("select count(*) from refresh_jobs where symbol = ?", symbol);
    }

    private static Map<String, Object> pair(JsonPath answer, String symbol, String dataType) {
        List<Map<String, Object>> all = answer.getList("subscriptions");
        return all.stream().filter(p -> p.get("symbol").equals(symbol) && p.get("dataType").equals(dataType))
                .findFirst().orElseThrow();
    }

    private JsonPath batch(String client, List<String> symbols, String... dataTypes) {
        return as(client).body(Map.of("clientId", client, "symbols", symbols, "dataTypes", List.of(dataTypes)))
                .post("/v1/subscriptions/batch").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aSymbolOutsideTheLoadedUniverseAnswersUnknownAndQueuesNothingWhileTheOthersAreQueued() {
        sql.update("insert into symbol_universe (provider, symbol, refreshed_at) values ('fmp', 'UNIV1', now())");
        sql.update("update data_type_registry set rollout_state = 'live' where data_type = 'fmp-stock-list'");
        String client = newClient("u");

        JsonPath answer = batch(client, List.of("UNIV1", "NOTUNIV1"), "profile", "quote");

        for (String type : List.of("profile", "quote")) {
            Map<String, Object> unknown = pair(answer, "NOTUNIV1", type);
            assertThat(unknown.get("state")).as(type).isEqualTo("unknown");
            assertThat(unknown.get("refresh")).isEqualTo("none");
            assertThat(unknown.get("queued")).isEqualTo(false);
            assertThat(unknown).doesNotContainKey("notFoundUntil");
            Map<String, Object> known = pair(answer, "UNIV1", type);
            assertThat(known.get("state")).as(type).isEqualTo("missing");
            assertThat(known.get("queued")).isEqualTo(true);
        }
        assertThat(jobs("NOTUNIV1")).as("no job, so no provider call").isZero();
        assertThat(jobs("UNIV1")).isEqualTo(2);

        // asked again: still nothing queued
        batch(client, List.of("NOTUNIV1"), "profile");
        assertThat(jobs("NOTUNIV1")).isZero();
    }

    @Test
    void aSymbolRememberedAsNotFoundQueuesNothingUntilItsBackoffEndsThenIsAskedForAgain() {
        sql.update("""
                insert into symbol_not_found (data_type, symbol, provider, streak, not_found_until)
                values ('profile', 'GONE1', 'fmp', 2, now() + interval '30 minutes')""");
        String client = newClient("n");

        JsonPath first = batch(client, List.of("GONE1"), "profile", "quote");

        Map<String, Object> profile = pair(first, "GONE1", "profile");
        assertThat(profile.get("state")).isEqualTo("unknown");
        assertThat(profile.get("refresh")).isEqualTo("none");
        assertThat((String) profile.get("notFoundUntil")).isNotBlank();
        // the negative cache is per data type: the quote of the same symbol is queued
        assertThat(pair(first, "GONE1", "quote").get("queued")).isEqualTo(true);
        assertThat(sql.count("select count(*) from refresh_jobs where data_type = 'profile' and symbol = 'GONE1'")).isZero();

        // the backoff ends (by the database's clock): the next visit asks the provider again
        sql.update("update symbol_not_found set not_found_until = now() - interval '1 second' where symbol = 'GONE1'");
        JsonPath again = batch(client, List.of("GONE1"), "profile");

        assertThat(pair(again, "GONE1", "profile").get("state")).isEqualTo("missing");
        assertThat(pair(again, "GONE1", "profile").get("queued")).isEqualTo(true);
        assertThat(sql.count("select count(*) from refresh_jobs where data_type = 'profile' and symbol = 'GONE1'")).isEqualTo(1);
    }

    @Test
    void badInputIsStillAProblemWithNothingWritten() {
        sql.update("insert into symbol_universe (provider, symbol, refreshed_at) values ('fmp', 'UNIV1', now())");
        sql.update("update data_type_registry set rollout_state = 'live' where data_type = 'fmp-stock-list'");
        String client = newClient("b");

        as(client).body(subscribe(client, "not a symbol!", "profile")).post("/v1/subscriptions")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400));

        assertThat(sql.count("select count(*) from active_subscriptions where client_id = ?", client)).isZero();
    }
}
