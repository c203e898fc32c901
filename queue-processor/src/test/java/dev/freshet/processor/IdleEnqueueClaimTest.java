package dev.freshet.processor;

import dev.freshet.shared.queue.JobOrigin;
import dev.freshet.shared.registry.DataType;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.UpstreamStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An enqueue on an idle processor with two claim loops costs one claim for the job (and one after it, when the
 * loop's capacity is freed), not one per loop: the other loop is not woken to run a claim that finds nothing.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
@TestProfile(IdleEnqueueClaimTest.NoPoll.class)
class IdleEnqueueClaimTest extends ClaimCountingTestBase {

    /** No fallback poll within the test, so every claim counted was woken by the enqueue or the job. */
    public static class NoPoll extends TwoLoops {
        @Override
        protected String pollInterval() {
            return "1h";
        }
    }

    @Test
    void anIdleEnqueueIsClaimedOnceAndNoOtherLoopClaimsBesideIt() throws Exception {
        DataType dt = Fixtures.quoteType(registry, "idle-quote", "idlep", 3, "live", null);
        // a first job: its finish corrects the type's estimated bytes, a registry change that wakes every loop
        refresh(dt, "IDLE0", 1);
        double withJobs = claims("jobs");
        double withNone = claims("none");

        refresh(dt, "IDLE1", 2);

        assertThat(sql.count("select count(*) from refresh_job_history where data_type = 'idle-quote' and status = 'completed'")).isEqualTo(2);
        assertThat(claims("jobs") - withJobs).as("claims that took the job").isEqualTo(1);
        assertThat(claims("none") - withNone).as("claims that found nothing: the one after the job freed its loop, no other")
                .isEqualTo(1);
    }

    private void refresh(DataType dt, String symbol, int finished) {
        UpstreamStub.server().stubFor(get(urlPathEqualTo("/t/idle-quote")).withQueryParam("symbol", equalTo(symbol))
                .willReturn(aResponse().withBody(Fixtures.quoteJson(symbol, "7.5", 1_700_000_000))));
        Fixtures.enqueue(enqueuer, pool, dt, JobOrigin.VIEWER, List.of(symbol));
        await().atMost(Duration.ofSeconds(15)).until(() ->
                sql.count("select count(*) from refresh_job_history where data_type = 'idle-quote'") == finished);
        awaitIdle();
    }

    /** No job of the test's type queued or running, and no claim for half a second. */
    private void awaitIdle() {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            double before = claims("jobs") + claims("none");
            Thread.sleep(500);
            return sql.count("select count(*) from refresh_jobs where data_type = 'idle-quote'") == 0
                    && claims("jobs") + claims("none") == before;
        });
    }
}
