package dev.freshet.tracker.events;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.freshet.tracker.Api.as;
import static dev.freshet.tracker.Api.newClient;
import static dev.freshet.tracker.Api.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tracker's ends of a traced refresh: the job a subscribe queues carries the request's trace
 * context (W3C traceparent, continued from the caller's header), and the refreshed event the
 * processor's notification turns into is a span of the same trace.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class RefreshTracingTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    private final TestSql sql = TestSql.current();

    @Inject
    RefreshEvents events;
    @Inject
    InMemorySpanExporter exported;

    @Test
    void theJobASubscribeQueuesCarriesTheRequestsTraceContext() {
        String client = newClient("traced");
        as(client).header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
                .body(subscribe(client, "TRACE1", "profile")).post("/v1/subscriptions").then().statusCode(200);

        String traceParent = (String) sql.value("select trace_parent from refresh_jobs where data_type = 'profile' and symbol = 'TRACE1'");
        assertThat(traceParent).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(exported.getFinishedSpanItems())
                .anySatisfy(s -> {
                    assertThat(s.getTraceId()).isEqualTo(TRACE_ID);
                    assertThat(traceParent).contains(s.getSpanId());
                }));
    }

    @Test
    void aRefreshNotificationBecomesAnEventSpanInTheTraceOfTheJob() {
        events.accept("""
                {"dataType": "profile", "symbol": "TRACE2", "updatedAt": "2026-01-05T10:00:00Z",
                 "traceParent": "00-%s-b7ad6b7169203331-01"}""".formatted(TRACE_ID));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            SpanData event = exported.getFinishedSpanItems().stream()
                    .filter(s -> s.getName().equals("refreshed event") && s.getAttributes().asMap().containsValue("TRACE2"))
                    .findFirst().orElseThrow();
            assertThat(event.getTraceId()).isEqualTo(TRACE_ID);
            assertThat(event.getParentSpanId()).isEqualTo("b7ad6b7169203331");
        });
    }
}
