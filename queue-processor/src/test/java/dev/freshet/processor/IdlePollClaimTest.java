package dev.freshet.processor;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.UpstreamStub;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The fallback poll of an idle processor with two claim loops runs one claim a round, not one per loop. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
@TestProfile(IdlePollClaimTest.Fast.class)
class IdlePollClaimTest extends ProcessorTestBase {

    public static class Fast implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("freshet.processor.claim-loops", "2", "freshet.processor.poll-interval", "100ms");
        }
    }

    @Inject
    MeterRegistry meters;

    @Test
    void anIdleProcessorsPollClaimsOnceARoundNotOncePerLoop() throws Exception {
        Thread.sleep(500);
        double before = meters.counter("freshet_claims_total", "result", "none").count();
        Thread.sleep(2_000);
        double polled = meters.counter("freshet_claims_total", "result", "none").count() - before;
        // about 20 rounds in 2 s, one claim each, with room for timers that run late and catch up; a claim per loop per
        // round (and the debounced claims it set off) came to 59
        assertThat(polled).as("claims in 2 s of 100 ms polls").isPositive().isLessThanOrEqualTo(30);
    }
}
