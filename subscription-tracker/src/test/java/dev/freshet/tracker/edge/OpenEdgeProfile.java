package dev.freshet.tracker.edge;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * The tracker as it faces the internet with optional client tokens: most callers known only by their address,
 * 127.0.0.2 the one trusted proxy, small stream caps, few rate-limit buckets, a slow refill (so a
 * client out of calls stays out while a test runs) and a low fair share of provider calls.
 */
public class OpenEdgeProfile implements QuarkusTestProfile {

    public static final String TRUSTED_PROXY = "127.0.0.2";
    public static final String UNTRUSTED_PEER = "127.0.0.1";
    /** Tokens verified when sent, not required: signed-in users beside anonymous visitors. */
    public static final String SECRET = "open-edge-test-secret-0123456789-abcdefgh";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("freshet.tracker.tokens.secret", SECRET),
                Map.entry("freshet.tracker.tokens.required", "false"),
                Map.entry("quarkus.http.proxy.trusted-proxies", TRUSTED_PROXY),
                Map.entry("freshet.tracker.events.max-streams-per-client", "2"),
                Map.entry("freshet.tracker.events.max-streams", "4"),
                Map.entry("freshet.tracker.rate-limit.requests-per-second", "0.05"),
                Map.entry("freshet.tracker.rate-limit.burst", "30"),
                Map.entry("freshet.tracker.rate-limit.max-clients", "20"),
                Map.entry("freshet.tracker.fair-share.calls-per-client-per-minute", "3"));
    }
}
