package dev.freshet.processor;

import dev.freshet.processor.provider.ProviderClients;
import dev.freshet.processor.run.ProcessorLoops;
import dev.freshet.shared.flags.FeatureFlags;
import dev.freshet.shared.registry.Registry;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.UpstreamStub;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.ObserverMethod;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A processor whose registry in memory is behind the table (it is starting, or a data type was just added) claims
 * jobs it cannot plan: they must wait for the registry, never fail for it.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
class RegistryNotLoadedTest extends ProcessorTestBase {

    @Inject
    BeanManager beans;

    @Test
    void jobsOfADataTypeTheProcessorHasNotLoadedAreGivenBackAndRunOnceItHas() throws Exception {
        UpstreamStub.server().stubFor(get(urlPathEqualTo("/t/unloaded")).willReturn(aResponse()
                .withTransformers("response-template")
                .withBody("[{\"symbol\": \"{{request.query.symbol}}\", \"name\": \"n\", \"price\": 7, \"volume\": 1, \"timestamp\": 1700000000}]")));
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
    void theClaimLoopsStartAfterTheRegistryTheFlagsAndTheProvidersSettingsAreRead() {
        Set<ObserverMethod<? super StartupEvent>> observers = beans.resolveObserverMethods(new StartupEvent());
        int loops = priorityOf(observers, ProcessorLoops.class);
        for (Class<?> loadedAtStart : new Class<?>[]{Registry.class, FeatureFlags.class, ProviderClients.class}) {
            assertThat(loops).as("start-up order of the claim loops against %s", loadedAtStart.getSimpleName())
                    .isGreaterThan(priorityOf(observers, loadedAtStart));
        }
    }

    private static int priorityOf(Set<ObserverMethod<? super StartupEvent>> observers, Class<?> bean) {
        return observers.stream().filter(o -> o.getBeanClass().equals(bean)).findFirst()
                .orElseThrow(() -> new AssertionError("no start-up observer on " + bean.getName())).getPriority();
    }
}
