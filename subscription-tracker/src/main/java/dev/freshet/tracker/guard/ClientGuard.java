package dev.freshet.tracker.guard;

import dev.freshet.shared.problem.ProblemException;
import dev.freshet.tracker.config.TrackerConfig;
import dev.freshet.tracker.request.RequestRules;
import io.vertx.core.http.HttpServerRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;

/** The door every call passes: the client token (when required), then the client's rate limit. */
@ApplicationScoped
public class ClientGuard {

    private final ClientTokens tokens;
    private final RateLimiter limiter;
    private final RequestRules rules;
    private final double addressCost;
    private final Counter limited;

    public ClientGuard(ClientTokens tokens, RateLimiter limiter, RequestRules rules, TrackerConfig config, MeterRegistry meters) {
        this.tokens = tokens;
        this.limiter = limiter;
        this.rules = rules;
        this.addressCost = 1.0 / Math.max(1, config.rateLimit().perAddressMultiple());
        this.limited = Counter.builder("freshet_tracker_rate_limited_total")
                .description("Calls refused by the per-client rate limit").register(meters);
    }

    /**
     * The opening of every call that names its client: the client id checked against the input
     * rules, then admitted with the bearer token.
     */
    public Caller admitClient(String rawClientId, String authorization, HttpServerRequest request) {
        String clientId = rules.clientId(rawClientId);
        return admit(clientId, token(authorization, null), null, ClientAddress.of(request));
    }

    /**
     * The opening of a call that names no client: admitted with the bearer token (or the token
     * parameter), rate-limited by the token's client, else the X-Client-Id header, else the address.
     */
    public Caller admitAnonymous(String authorization, String tokenParam, String clientHeader, HttpServerRequest request) {
        String address = ClientAddress.of(request);
        return admit(null, token(authorization, tokenParam), anonymousKey(clientHeader, address), address);
    }

    /** Who to rate-limit when no client is named: the X-Client-Id header if sane, else the address. */
    static String anonymousKey(String clientHeader, String address) {
        if (clientHeader != null && !clientHeader.isEmpty() && clientHeader.length() <= 128) {
            return clientHeader;
        }
        return address;
    }

    /**
     * Admits a call or throws the problem to answer with.
     *
     * @param clientId      the client the call is for, when it names one (already validated)
     * @param token         the presented token (bearer header or query parameter), may be null
     * @param anonymousKey  who to rate-limit when neither the call nor a token names a client
     * @param address       the client's address
     */
    Caller admit(String clientId, String token, String anonymousKey, String address) {
        String tokenClient = null;
        boolean sent = token != null && !token.isBlank();
        if (tokens.required() && !sent) {
            throw ProblemException.unauthorized("a client token is required (Authorization: Bearer <token>)");
        }
        if (tokens.configured() && sent) {
            tokenClient = tokens.verify(token).orElseThrow(
                    () -> ProblemException.unauthorized("the client token is invalid or expired"));
            if (clientId != null && !clientId.equals(tokenClient)) {
                throw ProblemException.unauthorized("the client token was issued to another client");
            }
        }
        String key = clientId != null ? clientId : tokenClient != null ? tokenClient : "anonymous:" + anonymousKey;
        limit(key, 1, key);
        if (tokenClient == null) {
            // a client id costs nothing to invent: unauthenticated calls also share their address's
            // bucket, which allows per-address-multiple times a client's rate
            limit("address:" + address, addressCost, "address " + address);
        }
        return new Caller(clientId != null ? clientId : tokenClient, tokenClient, address);
    }

    private void limit(String key, double cost, String who) {
        Optional<Duration> wait = limiter.acquire(key, cost);
        if (wait.isPresent()) {
            limited.increment();
            throw ProblemException.tooManyRequests("rate limit exceeded for " + (who.startsWith("address ") ? who : "client " + who), wait.get());
        }
    }

    /** The token from an {@code Authorization: Bearer} header, else the fallback (a query parameter). */
    public static String token(String authorization, String fallback) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return fallback;
    }
}
