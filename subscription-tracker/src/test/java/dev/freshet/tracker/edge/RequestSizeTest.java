package dev.freshet.tracker.edge;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.freshet.tracker.Api.as;
import static dev.freshet.tracker.Api.newClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** The body limit (64 KiB, before parsing) and a batch refused as soon as it passes its size. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class RequestSizeTest {

    private static final String PROBLEM = "application/problem+json";

    private final TestSql sql = TestSql.current();

    @Test
    void aBodyPastSixtyFourKibIs413ProblemAndNothingIsWritten() {
        String client = newClient("big");
        String padding = "A".repeat(64 * 1024);
        as(client).body("{\"clientId\":\"" + client + "\",\"symbol\":\"" + padding + "\",\"dataTypes\":[\"quote\"]}")
                .post("/v1/subscriptions")
                .then().statusCode(413).contentType(PROBLEM)
                .body("status", equalTo(413))
                .body("detail", equalTo("the request body is larger than 65536 bytes"));
        assertThat(sql.count("select count(*) from active_subscriptions where client_id = ?", client)).isZero();
    }

    @Test
    void aBatchIsRefusedAtItsFiftyFirstSymbolWhileItIsRead() {
        String client = newClient("batch");
        // the 51st entry is not even a string: the list is refused before it is reached
        String symbols = IntStream.range(0, 50).mapToObj(i -> "\"S" + i + "\"").collect(Collectors.joining(","))
                + ",{\"not\":\"read\"}," + IntStream.range(0, 5000).mapToObj(i -> "\"T" + i + "\"").collect(Collectors.joining(","));
        as(client).body("{\"clientId\":\"" + client + "\",\"symbols\":[" + symbols + "],\"dataTypes\":[\"quote\"]}")
                .post("/v1/subscriptions/batch")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", equalTo("field 'symbols' holds more than 50 entries, at most 50 are allowed"));
        assertThat(sql.count("select count(*) from active_subscriptions where client_id = ?", client)).isZero();
    }

    @Test
    void aFullBatchIsStillAccepted() {
        String client = newClient("full");
        String symbols = IntStream.range(0, 50).mapToObj(i -> "\"FULL" + i + "\"").collect(Collectors.joining(","));
        as(client).body("{\"clientId\":\"" + client + "\",\"symbols\":[" + symbols + "],\"dataTypes\":[\"quote\"]}")
                .post("/v1/subscriptions/batch")
                .then().statusCode(200).body("subscriptions.size()", equalTo(50));
    }
}
