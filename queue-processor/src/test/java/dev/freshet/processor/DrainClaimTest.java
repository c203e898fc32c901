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
import java.util.stream.IntStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A backlog drained by two claim loops is claimed one claim at a time: a claim locks all its candidates before it
 * takes its batch, so a claim run beside it read the same candidates, found them locked and took nothing, while
 * hundreds of jobs were queued.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
@TestProfile(IdleEnqueueClaimTest.NoPoll.class)
class DrainClaimTest extends ClaimCountingTestBase {

    private static final int JOBS = 1_000;

    @Test
    void noClaimRunsBesideAnotherForNothingWhileABacklogLasts() {
        DataType dt = Fixtures.quoteType(registry, "drain-quote", "drainp", 3, "live", null);
        List<String> symbols = IntStream.range(0, JOBS).mapToObj(i -> "DRAIN" + i).toList();
        symbols.forEach(s -> UpstreamStub.server().stubFor(get(urlPathEqualTo("/t/drain-quote")).withQueryParam("symbol", equalTo(s))
                .willReturn(aResponse().withBody(Fixtures.quoteJson(s, "7.5", 1_700_000_000)))));
        double withJobs = claims("jobs");
        double withNone = claims("none");

        Fixtures.enqueue(enqueuer, pool, dt, JobOrigin.MANUAL, symbols);
        // two loops hold up to 800 jobs: until the backlog is down to 200, every claim had jobs to take
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() ->
                sql.count("select count(*) from refresh_jobs where data_type = 'drain-quote' and status = 'pending'") <= JOBS - 800);
        double tookWhileQueued = claims("jobs") - withJobs;
        double noneWhileQueued = claims("none") - withNone;
        await().atMost(Duration.ofSeconds(60)).until(() ->
                sql.count("select count(*) from refresh_job_history where data_type = 'drain-quote' and status = 'completed'") == JOBS);

        assertThat(tookWhileQueued).as("claims that took jobs while the backlog lasted").isPositive();
        assertThat(noneWhileQueued).as("claims that found nothing while the backlog lasted (%s took jobs)", tookWhileQueued).isZero();
    }
}
