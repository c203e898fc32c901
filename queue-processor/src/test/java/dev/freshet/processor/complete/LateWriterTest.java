package dev.freshet.processor.complete;

import dev.freshet.processor.ProcessorTestBase;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.freshet.processor.Fixtures;
import dev.freshet.processor.claim.ClaimedJob;
import dev.freshet.processor.claim.JobClaimer;
import dev.freshet.processor.run.JobRunner;
import dev.freshet.shared.queue.JobOrigin;
import dev.freshet.shared.queue.JobSql;
import dev.freshet.shared.registry.DataType;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.UpstreamStub;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.freshet.testsupport.rows.QuotaRow.quota;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fencing the write: a processor whose lease lapsed while its upstream was slow finishes after
 * another processor has run the job again with newer data. Two claimers with their own instance ids
 * in one application, a real HTTP upstream, the real database.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
class LateWriterTest extends ProcessorTestBase {

    private static final String TYPE = "latew";
    private static final String SYMBOL = "LATEW";

    @Inject
    JobClaimer claimer;
    @Inject
    JobRunner runner;
    @Inject
    MeterRegistry meters;

    private List<ClaimedJob> claimAs(String instance) {
        List<String> others = sql.rows("select data_type from data_type_registry where data_type <> ?", TYPE).stream()
                .map(r -> (String) r.get("data_type")).toList();
        return claimer.claimShiftedBy(Duration.ZERO, instance, 10, Duration.ofSeconds(60), claimer.policy().withPacing(1.0), List.of(), others)
                .await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void aLateFinishOfALostClaimWritesNothingAndQueuesNothing() throws Exception {
        quota(TYPE + "-p").requestTimeoutMs(20_000).safetyMarginPct(0).onDemandReservePct(0).insert(sql);
        // disabled: the application's own loops leave it to this test's two claimers
        DataType dt = Fixtures.quoteType(registry, TYPE, TYPE + "-p", 3, "paused", null);
        // the same source time, so only the fence (not the source-timestamp guard) can keep the newer row
        UpstreamStub.server().stubFor(get(urlPathEqualTo("/t/" + TYPE)).inScenario(TYPE).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFixedDelay(6000).withBody(Fixtures.quoteJson(SYMBOL, "10.00", 1_700_000_000)))
                .willSetStateTo("second"));
        UpstreamStub.server().stubFor(get(urlPathEqualTo("/t/" + TYPE)).inScenario(TYPE).whenScenarioStateIs("second")
                .willReturn(aResponse().withBody(Fixtures.quoteJson(SYMBOL, "20.00", 1_700_000_000))));
        Fixtures.enqueue(enqueuer, pool, dt, JobOrigin.VIEWER, List.of(SYMBOL));
        double lostBefore = lost();

        List<ClaimedJob> first = claimAs("processor-1");
        assertThat(first).hasSize(1);
        CompletableFuture<Void> late = runner.run(first).subscribeAsCompletionStage();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                UpstreamStub.server().countRequestsMatching(getRequestedFor(urlPathEqualTo("/t/" + TYPE)).build()).getCount() == 1);

        // processor 1's renewal stalls: its lease lapses and recovery gives the job back
        sql.update("update refresh_jobs set lease_expires_at = now() - interval '1 second' where data_type = ?", TYPE);
        pool.query(JobSql.RECOVER_EXPIRED_LEASES).execute().await().atMost(Duration.ofSeconds(10));
        List<ClaimedJob> second = claimAs("processor-2");
        assertThat(second).hasSize(1);
        assertThat(second.get(0).attempts()).isEqualTo(2);
        Fixtures.goLive(registry, TYPE);
        runner.run(second).await().atMost(Duration.ofSeconds(20));
        assertThat(price()).isEqualByComparingTo("20.00");
        assertThat(late).as("processor 1 is still waiting for its slow upstream").isNotDone();

        late.get(20, TimeUnit.SECONDS);

        assertThat(price()).as("the newer row stays").isEqualByComparingTo("20.00");
        assertThat(sql.rows("select status, claimed_by, attempts from refresh_job_history where data_type = ?", TYPE))
                .as("one completion, by processor 2").singleElement()
                .satisfies(h -> assertThat(h).containsEntry("status", "completed").containsEntry("claimed_by", "processor-2")
                        .containsEntry("attempts", 2));
        assertThat(sql.count("select count(*) from refresh_jobs where data_type = ?", TYPE)).as("nothing queued again").isZero();
        assertThat(lost() - lostBefore).isEqualTo(1.0);
        assertThat(sql.count("select coalesce(sum(calls), 0) from api_usage where provider = ?", TYPE + "-p"))
                .as("both calls were made; recovery counted the first one's reservation, its late finish counted it again")
                .isGreaterThanOrEqualTo(2);
    }

    private BigDecimal price() {
        return (BigDecimal) sql.value("select price from quotes where symbol = ?", SYMBOL);
    }

    private double lost() {
        var c = meters.find("freshet_finish_lost_claims_total").tag("data_type", TYPE).counter();
        return c == null ? 0 : c.count();
    }
}
