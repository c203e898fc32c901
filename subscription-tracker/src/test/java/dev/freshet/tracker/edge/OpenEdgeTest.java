package dev.freshet.tracker.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import dev.freshet.tracker.RawHttp;
import dev.freshet.tracker.events.StreamSlots;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.freshet.tracker.edge.OpenEdgeProfile.TRUSTED_PROXY;
import static dev.freshet.tracker.edge.OpenEdgeProfile.UNTRUSTED_PEER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Client addresses from forwarding headers, stream caps and bounded rate-limit state, over real HTTP. */
@QuarkusTest
@TestProfile(OpenEdgeProfile.class)
@QuarkusTestResource(PostgresTestResource.class)
class OpenEdgeTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    StreamSlots slots;

    @Inject
    MeterRegistry meters;

    private final List<RawHttp> open = new ArrayList<>();
    private final TestSql sql = TestSql.current();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void closeStreams() {
        open.forEach(RawHttp::close);
        open.clear();
        await().atMost(Duration.ofSeconds(20)).until(() -> slots.open() == 0);
    }

    private RawHttp stream(String from, Map<String, String> headers) {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.put("Accept", "text/event-stream");
        RawHttp r = RawHttp.send(from, "GET", "/v1/events?symbols=AAPL", all, null);
        open.add(r);
        return r;
    }

    @Test
    void forwardedAddressesFromAnUntrustedPeerAreIgnored() {
        // three different forwarded addresses, but the peer is not a trusted proxy: one client, cap 2
        assertThat(stream(UNTRUSTED_PEER, Map.of("X-Forwarded-For", "203.0.113.1")).status).isEqualTo(200);
        assertThat(stream(UNTRUSTED_PEER, Map.of("X-Forwarded-For", "203.0.113.2")).status).isEqualTo(200);
        RawHttp third = stream(UNTRUSTED_PEER, Map.of("Forwarded", "for=203.0.113.3"));
        assertThat(third.status).isEqualTo(429);
        assertThat(third.headers.get("content-type")).startsWith(PROBLEM);
        assertThat(third.headers).containsKey("retry-after");
        assertThat(third.body()).contains("event streams");
    }

    @Test
    void forwardedAddressesFromTheTrustedProxyNameTheClient() {
        assertThat(stream(TRUSTED_PROXY, Map.of("X-Forwarded-For", "198.51.100.1")).status).isEqualTo(200);
        assertThat(stream(TRUSTED_PROXY, Map.of("X-Forwarded-For", "198.51.100.1")).status).isEqualTo(200);
        // another client behind the same proxy has streams of its own
        assertThat(stream(TRUSTED_PROXY, Map.of("Forwarded", "for=198.51.100.2")).status).isEqualTo(200);
        RawHttp third = stream(TRUSTED_PROXY, Map.of("X-Forwarded-For", "198.51.100.1"));
        assertThat(third.status).isEqualTo(429);
        assertThat(third.headers.get("content-type")).startsWith(PROBLEM);
    }

    @Test
    void streamsPastTheInstanceCapAre503WithRetryAfter() {
        for (int i = 0; i < 4; i++) {
            assertThat(stream(TRUSTED_PROXY, Map.of("X-Forwarded-For", "192.0.2." + (i / 2 + 1))).status).isEqualTo(200);
        }
        RawHttp fifth = stream(TRUSTED_PROXY, Map.of("X-Forwarded-For", "192.0.2.99"));
        assertThat(fifth.status).isEqualTo(503);
        assertThat(fifth.headers.get("content-type")).startsWith(PROBLEM);
        assertThat(fifth.headers.get("retry-after")).isEqualTo("30");
        assertThat(fifth.body()).contains("\"status\":503");
        fifth.close();
        // a closed stream gives its slot back
        open.remove(0).close();
        await().atMost(Duration.ofSeconds(20)).until(() -> slots.open() == 3);
        assertThat(stream(TRUSTED_PROXY, Map.of("X-Forwarded-For", "192.0.2.99")).status).isEqualTo(200);
    }

    @Test
    void rateLimitBucketsAreBoundedAndAFloodOfNewKeysDoesNotFreeAClientOutOfCalls() {
        String hot = "{\"clientId\":\"hot-client\",\"symbol\":\"AAPL\",\"dataTypes\":[\"no-such-type\"]}";
        Map<String, String> hotFrom = Map.of("X-Forwarded-For", "198.51.100.77");
        int status = 0;
        for (int i = 0; i < 31 && status != 429; i++) {
            try (RawHttp r = RawHttp.send(TRUSTED_PROXY, "POST", "/v1/subscriptions", hotFrom, hot)) {
                status = r.status;
            }
        }
        assertThat(status).as("the client spent its burst").isEqualTo(429);

        for (int i = 0; i < 150; i++) {
            String once = "{\"clientId\":\"once-" + i + "\",\"symbol\":\"AAPL\",\"dataTypes\":[\"no-such-type\"]}";
            try (RawHttp r = RawHttp.send(TRUSTED_PROXY, "POST", "/v1/subscriptions",
                    Map.of("X-Forwarded-For", "10.9." + (i / 250) + "." + (i % 250)), once)) {
                assertThat(r.status).isEqualTo(400);
            }
            if (i % 10 == 0) {
                try (RawHttp r = RawHttp.send(TRUSTED_PROXY, "POST", "/v1/subscriptions", hotFrom, hot)) {
                    assertThat(r.status).isEqualTo(429);
                }
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> meters.counter("freshet_tracker_rate_limit_evictions_total").count() > 0);
        await().atMost(Duration.ofSeconds(20)).until(() -> meters.get("freshet_tracker_rate_limit_buckets").gauge().value() <= 20);
        try (RawHttp r = RawHttp.send(TRUSTED_PROXY, "POST", "/v1/subscriptions", hotFrom, hot)) {
            assertThat(r.status).isEqualTo(429);
            assertThat(r.headers.get("content-type")).startsWith(PROBLEM);
            assertThat(r.headers).containsKey("retry-after");
            assertThat(r.body()).contains("rate limit exceeded for client hot-client");
        }
    }

    /** One visit for a new, missing symbol under a new client id; answers its quote pair. */
    private JsonNode visit(String from, Map<String, String> headers, String clientId, String symbol) throws Exception {
        String body = "{\"clientId\":\"" + clientId + "\",\"symbol\":\"" + symbol + "\",\"dataTypes\":[\"quote\"]}";
        try (RawHttp r = RawHttp.send(from, "POST", "/v1/subscriptions", headers, body)) {
            assertThat(r.status).isEqualTo(200);
            return json.readTree(r.body()).path("subscriptions").get(0);
        }
    }

    @Test
    void oneAddressRotatingClientIdsCausesNoMoreProviderCallsThanItsShare() throws Exception {
        String prefix = "ROT" + System.nanoTime() % 100000;
        List<JsonNode> answers = new ArrayList<>();
        // every presence row ever written, however briefly: the scan must never have one of a deferred pair to see
        sql.update("drop table if exists presence_written");
        sql.update("create table presence_written (symbol text)");
        sql.update("""
                create function note_presence() returns trigger language plpgsql security definer as $$
                begin insert into presence_written values (new.symbol); return new; end $$""");
        sql.update("create trigger note_presence after insert or update on active_subscriptions for each row execute function note_presence()");
        try {
            for (int i = 0; i < 8; i++) {
                // a new client id every time, and forwarding headers the untrusted peer makes up
                answers.add(visit(UNTRUSTED_PEER, Map.of("X-Forwarded-For", "203.0.113." + i), "rot-" + i, prefix + i));
            }
        } finally {
            sql.update("drop trigger note_presence on active_subscriptions");
            sql.update("drop function note_presence()");
        }
        long jobs = sql.count("select count(*) from refresh_jobs where symbol like ?", prefix + "%");
        long counted = sql.count("select coalesce(sum(calls), 0) from on_demand_calls where scope = 'ip:127.0.0.1'");
        long worstMinute = sql.count("select coalesce(max(calls), 0) from on_demand_calls where scope = 'ip:127.0.0.1'");
        assertThat(jobs).as("every queued job is counted against the address").isEqualTo(counted);
        assertThat(worstMinute).as("at most 3 a minute").isLessThanOrEqualTo(3);
        assertThat(sql.count("select count(*) from on_demand_calls where scope like 'ip:203.0.113.%'")).as("made-up addresses ignored").isZero();
        List<JsonNode> deferred = answers.stream().filter(a -> a.path("refresh").asText().equals("deferred")).toList();
        assertThat(deferred).hasSize((int) (8 - jobs));
        assertThat(deferred).isNotEmpty().allSatisfy(a -> {
            assertThat(a.path("state").asText()).isEqualTo("missing");
            assertThat(a.path("tracked").asBoolean()).isFalse();
            assertThat(a.path("queued").asBoolean()).isFalse();
        });
        // a deferred pair is never recorded as viewed, so the checker's presence scan cannot queue it either
        for (JsonNode a : deferred) {
            assertThat(sql.count("select count(*) from presence_written where symbol = ?", a.path("symbol").asText())).isZero();
        }
        assertThat(sql.count("select count(*) from presence_written")).as("the granted pairs are recorded").isEqualTo(jobs);
    }

    @Test
    void theTrustedProxysForwardedAddressIsTheOneCharged() throws Exception {
        String prefix = "FWD" + System.nanoTime() % 100000;
        JsonNode a = visit(TRUSTED_PROXY, Map.of("X-Forwarded-For", "198.51.100.60"), "fwd-1", prefix + "A");
        assertThat(a.path("refresh").asText()).isEqualTo("queued");
        assertThat(a.path("queued").asBoolean()).isTrue();
        assertThat(sql.count("select coalesce(sum(calls), 0) from on_demand_calls where scope = 'ip:198.51.100.60'")).isEqualTo(1);
        assertThat(sql.count("select coalesce(sum(calls), 0) from on_demand_calls where scope = 'ip:127.0.0.2'")).isZero();
        assertThat(sql.count("select count(*) from on_demand_calls where scope = 'anonymous:fmp'"))
                .as("an unauthenticated caller draws on the pool").isPositive();
    }

    @Test
    void aSignedInCallerIsChargedUnderItsTokenAndNotInTheUnauthenticatedPool() throws Exception {
        String prefix = "TOK" + System.nanoTime() % 100000;
        String token = dev.freshet.shared.token.ClientTokenFormat.issue(
                OpenEdgeProfile.SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), "signed-in", java.time.Instant.now().plusSeconds(600));
        long poolBefore = sql.count("select coalesce(sum(calls), 0) from on_demand_calls where scope = 'anonymous:fmp'");
        JsonNode a = visit(UNTRUSTED_PEER, Map.of("Authorization", "Bearer " + token), "signed-in", prefix);
        assertThat(a.path("queued").asBoolean()).isTrue();
        assertThat(sql.count("select coalesce(sum(calls), 0) from on_demand_calls where scope = 'sub:signed-in'")).isEqualTo(1);
        assertThat(sql.count("select coalesce(sum(calls), 0) from on_demand_calls where scope = 'anonymous:fmp'")).isEqualTo(poolBefore);
        // a token sent is still checked
        String body = "{\"clientId\":\"signed-in\",\"symbol\":\"" + prefix + "\",\"dataTypes\":[\"quote\"]}";
        try (RawHttp r = RawHttp.send(UNTRUSTED_PEER, "POST", "/v1/subscriptions", Map.of("Authorization", "Bearer " + token + "x"), body)) {
            assertThat(r.status).isEqualTo(401);
            assertThat(r.headers.get("content-type")).startsWith(PROBLEM);
        }
    }
}
