package dev.freshet.tracker.subscription;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import dev.freshet.tracker.TestClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.freshet.tracker.Api.as;
import static dev.freshet.tracker.Api.newClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** A client's heartbeats write its presence at most once per heartbeat-write-interval (10 s by default). */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class HeartbeatWriteIntervalTest {

    private final TestSql sql = TestSql.current();

    @Inject
    TestClock clock;

    @Inject
    MeterRegistry meters;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private double flushes() {
        return meters.get("freshet_presence_flushes_total").counter().count();
    }

    private double unwritten() {
        return meters.get("freshet_presence_heartbeats_unwritten_total").counter().count();
    }

    private Object lastSeen(String client) {
        return sql.value("select max(last_seen_at) from active_subscriptions where client_id = ?", client);
    }

    private String heartbeat(String client, int renewed) {
        return as(client).body(Map.of("clientId", client)).post("/v1/heartbeat")
                .then().statusCode(200).body("renewed", equalTo(renewed)).extract().path("expiresAt");
    }

    @Test
    void heartbeatsWithinTheIntervalAreAnsweredWithoutWriting() {
        String client = newClient("hbw");
        as(client).body(Map.of("clientId", client, "symbols", List.of("HBW1", "HBW2"), "dataTypes", List.of("quote")))
                .post("/v1/subscriptions/batch").then().statusCode(200);

        String firstExpiry = heartbeat(client, 2);
        Object written = lastSeen(client);
        double statements = flushes();
        double skipped = unwritten();

        // again at once: the same answer, no statement, nothing written
        assertThat(heartbeat(client, 2)).isEqualTo(firstExpiry);
        assertThat(flushes()).isEqualTo(statements);
        assertThat(unwritten()).isEqualTo(skipped + 1);
        assertThat(lastSeen(client)).isEqualTo(written);

        // past the interval the heartbeat writes again and the expiry moves on
        clock.advance(Duration.ofSeconds(11));
        assertThat(heartbeat(client, 2)).isNotEqualTo(firstExpiry);
        assertThat(flushes()).isEqualTo(statements + 1);
        assertThat(lastSeen(client)).isNotEqualTo(written);
    }

    @Test
    void subscribingOrLeavingMakesTheNextHeartbeatCountAgain() {
        String client = newClient("hbw");
        as(client).body(Map.of("clientId", client, "symbol", "HBW3", "dataTypes", List.of("quote")))
                .post("/v1/subscriptions").then().statusCode(200);
        heartbeat(client, 1);

        as(client).body(Map.of("clientId", client, "symbol", "HBW4", "dataTypes", List.of("quote")))
                .post("/v1/subscriptions").then().statusCode(200);
        heartbeat(client, 2);

        as(client).delete("/v1/subscriptions/" + client + "/HBW3").then().statusCode(200);
        heartbeat(client, 1);
    }

    @Test
    void aClientHeartbeatingWithinTheTtlNeverLapses() {
        String client = newClient("hbw");
        as(client).body(Map.of("clientId", client, "symbol", "HBW5", "dataTypes", List.of("quote")))
                .post("/v1/subscriptions").then().statusCode(200);
        // heartbeats every 8 s (within the write interval) for 4 minutes, well past the 90 s TTL
        for (int i = 0; i < 30; i++) {
            clock.advance(Duration.ofSeconds(8));
            heartbeat(client, 1);
        }
    }
}
