package dev.freshet.processor;

import dev.freshet.processor.claim.ClaimedJob;
import dev.freshet.processor.claim.JobClaimer;
import dev.freshet.processor.provider.ProviderClients;
import dev.freshet.processor.run.JobRunner;
import dev.freshet.processor.run.ProcessorLoops;
import dev.freshet.shared.flags.FeatureFlags;
import dev.freshet.shared.registry.Registry;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.StartupObservers;
import dev.freshet.testsupport.UpstreamStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Jobs a processor cannot run are never failed for it: a registry in memory behind the table (the processor is starting,
 * or a data type was just added) or a handler this build lacks (a newer version's, during a rolling upgrade).
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
class JobsGivenBackTest extends ProcessorTestBase {

    @Inject
    BeanManager beans;
    @Inject
    JobClaimer claimer;
    @Inject
    JobRunner runner;

    @Test
    void jobsOfADataTypeTheProcessorHasNotLoadedAreGivenBackAndRunOnceItHas() throws Exception {
        stubQuotes("unloaded");
        Fixtures.unannouncedQuoteType("unloaded", "unloaded-p");
        assertThat(registry.find("unloaded")).as("the processor has not loaded the new data type").isEmpty();

        // queued as the tracker queues them: the insert's notification wakes the claim loops at once
        sql.update("""
                insert into refresh_jobs (data_type, symbol, provider, priority, origin)
                select 'unloaded', 'UL' || g, 'unloaded-p', 100, 'viewer' from generate_series(1, 3) g""");

        await().atMost(Duration.ofSeconds(20)).until(() ->
                sql.count("select count(*) from refresh_job_history where data_type = 'unloaded'") == 3);
        assertThat(sql.count("select count(*) from refresh_job_history where data_type = 'unloaded' and status = 'completed' and attempts = 1"))
                .as("completed, the attempt of the claim that could not plan them given back").isEqualTo(3);
        assertThat(registry.find("unloaded")).as("loaded on the way").isPresent();
        assertThat(sql.count("select count(*) from quotes where symbol in ('UL1', 'UL2', 'UL3')")).isEqualTo(3);
    }

    @Test
    void aDataTypeWhoseHandlerThisBuildLacksIsLeftQueuedUntilItCanRun() {
        stubQuotes("newer");
        Fixtures.quoteType(registry, "newer", "newer-p", 5, "paused", null);
        sql.update("update data_type_registry set handler = 'a-newer-processors-handler', rollout_state = 'live' where data_type = 'newer'");
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.find("newer").orElseThrow().enabled());
        sql.update("""
                insert into refresh_jobs (data_type, symbol, provider, priority, origin)
                select 'newer', 'NW' || g, 'newer-p', 100, 'viewer' from generate_series(1, 3) g""");

        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> sql.count(
                "select count(*) from refresh_jobs where data_type = 'newer' and status = 'pending' and attempts = 0") == 3);

        // claimed all the same (a registry change between the claim and the plan): given back, attempts returned
        List<String> others = registry.all().stream().map(d -> d.dataType()).filter(n -> !n.equals("newer")).toList();
        List<ClaimedJob> claimed = claimer.claimShiftedBy(Duration.ZERO, "older-processor", 10, Duration.ofSeconds(30),
                claimer.policy().withPacing(1.0), List.of(), others).await().atMost(Duration.ofSeconds(10));
        assertThat(claimed).hasSize(3);
        runner.run(claimed).await().atMost(Duration.ofSeconds(10));
        assertThat(sql.count("""
                select count(*) from refresh_jobs where data_type = 'newer' and status = 'pending' and attempts = 0
                   and last_error like '%no handler named a-newer-processors-handler%'""")).isEqualTo(3);
        assertThat(sql.count("select count(*) from refresh_job_history where data_type = 'newer'")).isZero();

        sql.update("update data_type_registry set handler = 'http-json' where data_type = 'newer'");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                sql.count("select count(*) from refresh_job_history where data_type = 'newer' and status = 'completed' and attempts = 1") == 3);
    }

    @Test
    void theClaimLoopsStartAfterTheRegistryTheFlagsAndTheProvidersSettingsAreRead() {
        StartupObservers.of(beans).assertRunsAfter(ProcessorLoops.class, Registry.class, FeatureFlags.class, ProviderClients.class);
    }

    private static void stubQuotes(String name) {
        UpstreamStub.server().stubFor(get(urlPathEqualTo("/t/" + name)).willReturn(aResponse()
                .withTransformers("response-template")
                .withBody("[{\"symbol\": \"{{request.query.symbol}}\", \"name\": \"n\", \"price\": 7, \"volume\": 1, \"timestamp\": 1700000000}]")));
    }
}
