package dev.freshet.tracker.rollout;

import dev.freshet.shared.registry.Registry;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static dev.freshet.testsupport.rows.DataTypeRow.dataType;
import static dev.freshet.tracker.Api.as;
import static dev.freshet.tracker.Api.newClient;
import static dev.freshet.tracker.Api.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

/**
 * An off or paused data type never fails a request: its pairs answer {@code disabled} (its current
 * data still readable) and the other data types of the same request are served as usual.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class DisabledDataTypeTest {

    private static final String TYPE = "quote-rollout";

    private final TestSql sql = TestSql.current();

    @Inject
    Registry registry;

    @BeforeEach
    void typeExists() {
        dataType(TYPE).rolloutState("off").insert(sql);
        registry.reload().await().atMost(Duration.ofSeconds(10));
    }

    @AfterEach
    void removeType() {
        sql.update("delete from active_subscriptions where data_type = ?", TYPE);
        sql.update("delete from data_type_registry where data_type = ?", TYPE);
        sql.update("delete from quotes where symbol like 'RO%'");
        registry.reload().await().atMost(Duration.ofSeconds(10));
    }

    private void state(String state) {
        sql.update("update data_type_registry set rollout_state = ? where data_type = ?", state, TYPE);
        registry.reload().await().atMost(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"off", "paused"})
    void anOffOrPausedTypeIsAnsweredDisabledAndTheRestOfTheRequestIsServed(String rollout) {
        state(rollout);
        String symbol = "RO" + rollout.toUpperCase().charAt(0);
        sql.update("insert into quotes (symbol, price, refreshed_at) values (?, 10, now() - interval '1 hour')", symbol);
        String client = newClient("ro");

        as(client).body(subscribe(client, symbol, TYPE, "profile")).post("/v1/subscriptions")
                .then().statusCode(200)
                .body("subscriptions", hasSize(2))
                .body("subscriptions.find { it.dataType == '" + TYPE + "' }.state", equalTo("disabled"))
                .body("subscriptions.find { it.dataType == '" + TYPE + "' }.updatedAt", notNullValue())
                .body("subscriptions.find { it.dataType == '" + TYPE + "' }.tracked", equalTo(false))
                .body("subscriptions.find { it.dataType == 'profile' }.state", equalTo("missing"))
                .body("subscriptions.find { it.dataType == 'profile' }.refresh", equalTo("queued"));

        assertThat(sql.count("select count(*) from refresh_jobs where symbol = ? and data_type = ?", symbol, TYPE)).isZero();
        assertThat(sql.count("select count(*) from refresh_jobs where symbol = ? and data_type = 'profile'", symbol)).isEqualTo(1);
        assertThat(sql.count("select count(*) from active_subscriptions where symbol = ? and data_type = ?", symbol, TYPE)).isZero();

        as(client).get("/v1/freshness/" + symbol + "?dataTypes=" + TYPE + ",profile").then().statusCode(200)
                .body("dataTypes[0].state", equalTo("disabled"))
                .body("dataTypes[1].state", equalTo("missing"));
        as(client).get("/v1/data/" + TYPE + "/" + symbol).then().statusCode(200)
                .body("state", equalTo("disabled"))
                .body("rows", hasSize(1))
                .body("rows[0].symbol", equalTo(symbol));
        sql.update("delete from refresh_jobs where symbol = ?", symbol);
    }

    @ParameterizedTest
    @ValueSource(strings = {"shadow", "live"})
    void aShadowOrLiveTypeIsTrackedAndQueued(String rollout) {
        state(rollout);
        String symbol = "RO" + rollout.toUpperCase().charAt(0);
        String client = newClient("ro");

        as(client).body(subscribe(client, symbol, TYPE)).post("/v1/subscriptions")
                .then().statusCode(200)
                .body("subscriptions[0].state", equalTo("missing"))
                .body("subscriptions[0].tracked", equalTo(true))
                .body("subscriptions[0].refresh", equalTo("queued"));
        assertThat(sql.count("select count(*) from refresh_jobs where symbol = ? and data_type = ?", symbol, TYPE)).isEqualTo(1);
        sql.update("delete from refresh_jobs where symbol = ?", symbol);
    }

    @org.junit.jupiter.api.Test
    void aShadowTypeIsJudgedFromItsShadowRecordsSoARecentShadowRefreshIsNotQueuedAgain() {
        state("shadow");
        // the live table is the other system's and old; Freshet's own shadow refresh is a second old
        sql.update("insert into quotes (symbol, price, refreshed_at) values ('ROX', 10, now() - interval '1 hour')");
        sql.update("""
                insert into shadow_writes (data_type, symbol, row_key, new_row, live_row, differs, recorded_at)
                values (?, 'ROX', '{"symbol": "ROX"}', '{"price": 10}', '{"price": 10}', false, now() - interval '1 second')""", TYPE);
        String client = newClient("ro");
        try {
            as(client).body(subscribe(client, "ROX", TYPE)).post("/v1/subscriptions")
                    .then().statusCode(200)
                    .body("subscriptions[0].state", equalTo("fresh"))
                    .body("subscriptions[0].tracked", equalTo(true))
                    .body("subscriptions[0].refresh", equalTo("none"));
            assertThat(sql.count("select count(*) from refresh_jobs where symbol = 'ROX'")).isZero();
        } finally {
            sql.update("delete from shadow_writes where data_type = ?", TYPE);
        }
    }
}
