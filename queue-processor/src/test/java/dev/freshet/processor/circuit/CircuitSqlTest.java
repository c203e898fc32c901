package dev.freshet.processor.circuit;

import dev.freshet.processor.ProcessorTestBase;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.UpstreamStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The circuit state publication on the real database. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
class CircuitSqlTest extends ProcessorTestBase {

    private static final Instant T = Instant.parse("2025-05-01T12:00:00Z");

    @BeforeEach
    void clean() {
        sql.update("delete from provider_circuit_state where provider = 'csql'");
    }

    private void publish(String instance, String state, Instant changedAt, Instant openUntil, String error) {
        pool.preparedQuery(CircuitSql.PUBLISH_STATE).execute(Tuple.tuple(new ArrayList<>(Arrays.asList("csql", instance, state,
                at(changedAt), openUntil == null ? null : at(openUntil), error)))).await().atMost(Duration.ofSeconds(10));
    }

    private static OffsetDateTime at(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    private Map<String, Object> state(String instance) {
        return sql.rows("select state, changed_at, open_until, last_error from provider_circuit_state where provider = 'csql' and instance_id = ?",
                instance).get(0);
    }

    @Test
    void publishUpsertsOneRowPerInstanceAndKeepsTheLastErrorWhenGivenNone() {
        publish("i1", "open", T, T.plusSeconds(30), "HTTP 503");
        publish("i2", "closed", T, null, null);
        publish("i1", "half_open", T.plusSeconds(30), null, null);

        assertThat(sql.count("select count(*) from provider_circuit_state where provider = 'csql'")).isEqualTo(2);
        Map<String, Object> i1 = state("i1");
        assertThat(i1).containsEntry("state", "half_open").containsEntry("open_until", null).containsEntry("last_error", "HTTP 503");
        assertThat(((java.sql.Timestamp) i1.get("changed_at")).toInstant()).isEqualTo(T.plusSeconds(30));
        assertThat(state("i2")).containsEntry("state", "closed");

        publish("i1", "open", T.plusSeconds(60), T.plusSeconds(90), "timeout");
        assertThat(state("i1")).containsEntry("state", "open").containsEntry("last_error", "timeout");
    }
}
