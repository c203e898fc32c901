package dev.freshet.processor.provider;

import dev.freshet.processor.ProcessorTestBase;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.freshet.processor.Fixtures;
import dev.freshet.shared.queue.JobOrigin;
import dev.freshet.shared.registry.DataType;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.UpstreamStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Provider answers are bounded: against a real HTTP upstream serving a gzip bomb, an oversize body and
 * a number with a huge exponent, each fails its job for good with a clear error, nothing held whole in
 * memory and nothing expanded. Provider {@code bounded-p} accepts at most 1 MB.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
class BoundedAnswersTest extends ProcessorTestBase {

    /** Serves the answer at /t/{name}, runs one job against it and asserts it failed at once with the error. */
    private void failsAtOnce(String name, String symbol, ResponseDefinitionBuilder answer, String error) {
        UpstreamStub.server().stubFor(get(urlPathEqualTo("/t/" + name)).willReturn(answer.withHeader("Content-Type", "application/json")));
        DataType dt = Fixtures.quoteType(registry, name, "bounded-p", 3, "live", null);
        Fixtures.enqueue(enqueuer, pool, dt, JobOrigin.VIEWER, List.of(symbol));

        Map<String, Object> h = Fixtures.historyOf(name, symbol);

        assertThat(h.get("status")).isEqualTo("failed");
        assertThat(h.get("attempts")).as("refused for good, not retried").isEqualTo(1);
        assertThat((String) h.get("last_error")).contains(error);
        assertThat(sql.count("select count(*) from quotes where symbol = ?", symbol)).as("nothing written").isZero();
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

        failsAtOnce("bomb", "BOMB", aResponse().withHeader("Content-Encoding", "gzip").withBody(wire.toByteArray()),
                "over the limit of 1000000 bytes");
    }

    @Test
    void anOversizeBodyIsRefusedAndFailsItsJobForGood() {
        String big = "[{\"symbol\": \"HUGE\", \"name\": \"" + "b".repeat(2_000_000) + "\", \"price\": 1, \"volume\": 1, \"timestamp\": 1700000000}]";

        failsAtOnce("oversize", "HUGE", aResponse().withBody(big), "over the limit of 1000000 bytes");
    }

    @Test
    void aNumberWithAHugeExponentIsAValidationFailureNotAnExpansion() {
        failsAtOnce("exponent", "EXPO",
                aResponse().withBody("[{\"symbol\": \"EXPO\", \"name\": \"n\", \"price\": \"1e999999999\", \"volume\": 1, \"timestamp\": 1700000000}]"),
                "validation failed: price: \"1e999999999\" is out of range");
    }

    @Test
    void aJsonNumberLongerThanAnyColumnIsRefusedByTheParser() {
        failsAtOnce("longnumber", "LONGN", aResponse().withBody("[{\"symbol\": \"LONGN\", \"name\": \"n\", \"price\": 1"
                + "0".repeat(5000) + ", \"volume\": 1, \"timestamp\": 1700000000}]"), "malformed JSON from upstream");
    }
}
