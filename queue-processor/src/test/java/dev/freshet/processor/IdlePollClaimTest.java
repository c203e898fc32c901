package dev.freshet.processor;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.UpstreamStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The fallback poll of an idle processor with two claim loops runs one claim a round, not one per loop. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
@TestProfile(IdlePollClaimTest.Fast.class)
class IdlePollClaimTest extends ClaimCountingTestBase {

    public static class Fast extends TwoLoops {
        @Override
        protected String pollInterval() {
            return "100ms";
        }
    }

    @Test
    void anIdleProcessorsPollClaimsOnceARoundNotOncePerLoop() throws Exception {
        Thread.sleep(500);
        double before = claims("none");
        Thread.sleep(2_000);
        double polled = claims("none") - before;
        // about 20 rounds in 2 s, one claim each, with room for timers that run late and catch up; a claim per loop per
        // round (and the debounced claims it set off) came to 59
        assertThat(polled).as("claims in 2 s of 100 ms polls").isPositive().isLessThanOrEqualTo(30);
    }
}
