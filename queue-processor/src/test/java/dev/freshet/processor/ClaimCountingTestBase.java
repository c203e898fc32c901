package dev.freshet.processor;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTestProfile;
import jakarta.inject.Inject;

import java.util.Map;

/** Tests that count the claim statements of a processor with two loops ({@code freshet_claims_total}). */
public abstract class ClaimCountingTestBase extends ProcessorTestBase {

    /** Two claim loops, the fallback poll at the interval a subclass names. */
    public abstract static class TwoLoops implements QuarkusTestProfile {
        protected abstract String pollInterval();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("freshet.processor.claim-loops", "2", "freshet.processor.poll-interval", pollInterval());
        }
    }

    @Inject
    protected MeterRegistry meters;

    /** Claim statements run so far with this result: {@code jobs} (took some) or {@code none}. */
    protected double claims(String result) {
        return meters.counter("freshet_claims_total", "result", result).count();
    }
}
