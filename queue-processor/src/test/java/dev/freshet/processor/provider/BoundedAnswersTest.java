package dev.freshet.processor.provider;

import dev.freshet.processor.Fixtures;
import dev.freshet.shared.queue.JobEnqueuer;
import dev.freshet.shared.queue.JobOrigin;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.Registry;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import dev.freshet.testsupport.UpstreamStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Provider answers are bounded: against a real HTTP upstream serving a gzip bomb, an oversize body and
 * a number with a huge exponent, each fails its job for good with a clear error, nothing held whole in
 * memory and nothing expanded. Provider {@code bounded-p} accepts at most 1 MB.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
class BoundedAnswersTest {

    @Inject
    Registry registry;
    @Inject
    JobEnqueuer enqueuer;
    @Inject
    Pool pool;

    private final TestSql sql = TestSql.current();

    private Map<String, Object> run(String name, String symbol) {
        DataType dt = Fixtures.quoteType(registry, name, "bounded-p", 3, true, "live", null);
        Fixtures.enqueue(enqueuer, pool, dt, JobOrigin.VIEWER, List.of(symbol));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sql.count("select count(*) from refresh_job_history where data_type = ?", name) > 0);
        List<Map<String, Object>> rows = sql.rows("select * from refresh_job_history where data_type = ?", name);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    @Test
    void aGzipBombIsCutOffAtTheLimitOnceDecompressedAndFailsItsJobForGood() throws IOException {
        // 50 MB of one record's padding, about 50 KB on the wire
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(wire)) {
            gz.write("[{\"symbol\": \"BOMB\", \"name\": \"".getBytes(StandardCharsets.UTF_8));
            byte[] pad = new byte[1 << 20];
            Arrays.fill(pad, (byte) 'a');
            for (int i = 0; i < 50; i++) {
                gz.write(pad);
            }
            gz.write("\", \"price\": 1, \"volume\": 1, \"timestamp\": 1700000000}]".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(wire.size()).isLessThan((int) UpstreamStub.BOUNDED_MAX_BYTES);
        UpstreamStub.server().stubFor(get(urlPathEqualTo("/t/bomb")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withHeader("Content-Encoding", "gzip").withBody(wire.toByteArray())));

        Map<String, Object> h = run("bomb", "BOMB");

        assertThat(h.get("status")).isEqualTo("failed");
        assertThat(h.get("attempts")).as("refused for good, not retried").isEqualTo(1);
        assertThat((String) h.get("last_error")).contains("over the limit of 1000000 bytes");
        assertThat(sql.count("select count(*) from quotes where symbol = 'BOMB'")).isZero();
    }

    @Test
    void anOversizeBodyIsRefusedAndFailsItsJobForGood() {
        String big = "[{\"symbol\": \"HUGE\", \"name\": \"" + "b".repeat(2_000_000) + "\", \"price\": 1, \"volume\": 1, \"timestamp\": 1700000000}]";
        UpstreamStub.server().stubFor(get(urlPathEqualTo("/t/oversize")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(big)));

        Map<String, Object> h = run("oversize", "HUGE");

        assertThat(h.get("status")).isEqualTo("failed");
        assertThat(h.get("attempts")).isEqualTo(1);
        assertThat((String) h.get("last_error")).contains("over the limit of 1000000 bytes");
    }

    @Test
    void aNumberWithAHugeExponentIsAValidationFailureNotAnExpansion() {
        UpstreamStub.server().stubFor(get(urlPathEqualTo("/t/exponent")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("[{\"symbol\": \"EXPO\", \"name\": \"n\", \"price\": \"1e999999999\", \"volume\": 1, \"timestamp\": 1700000000}]")));

        Map<String, Object> h = run("exponent", "EXPO");

        assertThat(h.get("status")).isEqualTo("failed");
        assertThat(h.get("attempts")).isEqualTo(1);
        assertThat((String) h.get("last_error")).contains("validation failed: price: \"1e999999999\" is out of range");
    }

    @Test
    void aJsonNumberLongerThanAnyColumnIsRefusedByTheParser() {
        UpstreamStub.server().stubFor(get(urlPathEqualTo("/t/longnumber")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("[{\"symbol\": \"LONGN\", \"name\": \"n\", \"price\": 1" + "0".repeat(5000)
                        + ", \"volume\": 1, \"timestamp\": 1700000000}]")));

        Map<String, Object> h = run("longnumber", "LONGN");

        assertThat(h.get("status")).isEqualTo("failed");
        assertThat((String) h.get("last_error")).contains("malformed JSON from upstream");
    }
}
