package dev.freshet.processor.tracing;

import dev.freshet.processor.Fixtures;
import dev.freshet.shared.queue.JobEnqueuer;
import dev.freshet.shared.queue.JobOrigin;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.Registry;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.UpstreamStub;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A refresh followed through the processor: the job carries the trace context of the request that
 * queued it (here a span standing in for the tracker's request), and the processor's spans for it
 * (the call, its upstream GET, the write) are in that trace; the claim span links to it.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
class JobTracingTest {

    @Inject
    Registry registry;
    @Inject
    JobEnqueuer enqueuer;
    @Inject
    Pool pool;
    @Inject
    Tracer tracer;
    @Inject
    InMemorySpanExporter exported;

    @Test
    void theProcessorsSpansForAJobAreInTheTraceOfTheRequestThatQueuedIt() {
        UpstreamStub.server().stubFor(get(urlPathEqualTo("/t/traced")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(Fixtures.quoteJson("TRCD", "12.5", 1_700_000_000))));
        DataType dt = Fixtures.quoteType(registry, "traced", "fmp", 3, "live", null);

        Span request = tracer.spanBuilder("POST /v1/subscriptions").setSpanKind(SpanKind.SERVER).startSpan();
        try (Scope ignored = request.makeCurrent()) {
            Fixtures.enqueue(enqueuer, pool, dt, JobOrigin.VIEWER, List.of("TRCD"));
        } finally {
            request.end();
        }
        String traceId = request.getSpanContext().getTraceId();
        Map<String, Object> history = Fixtures.historyOf("traced", "TRCD");
        assertThat(history.get("status")).isEqualTo("completed");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<SpanData> spans = exported.getFinishedSpanItems();
            SpanData call = one(spans, "refresh traced");
            assertThat(call.getTraceId()).isEqualTo(traceId);
            assertThat(call.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
            SpanData upstream = spans.stream().filter(s -> s.getName().equals("GET") && s.getParentSpanId().equals(call.getSpanId()))
                    .findFirst().orElseThrow();
            assertThat(upstream.getTraceId()).isEqualTo(traceId);
            assertThat(upstream.getAttributes().asMap().toString()).contains("/t/traced").doesNotContain("apikey");
            assertThat(one(spans, "write traced").getParentSpanId()).isEqualTo(call.getSpanId());
            assertThat(spans).filteredOn(s -> s.getName().equals("claim"))
                    .anySatisfy(claim -> assertThat(claim.getLinks()).anySatisfy(l -> assertThat(l.getSpanContext().getTraceId()).isEqualTo(traceId)));
        });
    }

    private static SpanData one(List<SpanData> spans, String name) {
        return spans.stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no span " + name));
    }
}
