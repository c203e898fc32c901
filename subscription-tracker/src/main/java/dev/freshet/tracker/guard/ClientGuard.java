package dev.freshet.tracker.guard;

import dev.freshet.shared.problem.ProblemException;
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
    private final Counter limited;

    public ClientGuard(ClientTokens tokens, RateLimiter limiter, RequestRules rules, MeterRegistry meters) {
        this.tokens = tokens;
        this.limiter = limiter;
        this.rules = rules;
        this.limited = Counter.builder("freshet_tracker_rate_limited_total")
                .description("Calls refused by the per-client rate limit").register(meters);
    }

    /**
     * The opening of every call that names its client: the client id checked against the input
     * rules, then admitted with the bearer token. Returns the client id.
     */
    public String admitClient(String rawClientId, String authorization) {
        String clientId = rules.clientId(rawClientId);
        admit(clientId, token(authorization, null), null);
        return clientId;
    }

    /**
     * The opening of a call that names no client: admitted with the bearer token (or the token
     * parameter), rate-limited by the token's client, else the X-Client-Id header, else the address.
     */
    public void admitAnonymous(String authorization, String tokenParam, String clientHeader, HttpServerRequest request) {
        admit(null, token(authorization, tokenParam), anonymousKey(clientHeader, request));
    }

    /** Who to rate-limit when no client is named: the X-Client-Id header if sane, else the remote address. */
    static String anonymousKey(String clientHeader, HttpServerRequest request) {
        if (clientHeader != null && !clientHeader.isEmpty() && clientHeader.length() <= 128) {
            return clientHeader;
        }
        return ClientAddress.of(request);
    }

    /**
     * Admits a call or throws the problem to answer with.
     *
     * @param clientId      the client the call is for, when it names one (already validated)
     * @param token         the presented token (bearer header or query parameter), may be null
     * @param anonymousKey  who to rate-limit when neither the call nor a token names a client
     */
    public void admit(String clientId, String token, String anonymousKey) {
        String tokenClient = null;
        if (tokens.required()) {
            if (token == null || token.isBlank()) {
                throw ProblemException.unauthorized("a client token is required (Authorization: Bearer <token>)");
            }
            tokenClient = tokens.verify(token).orElseThrow(
                    () -> ProblemException.unauthorized("the client token is invalid or expired"));
            if (clientId != null && !clientId.equals(tokenClient)) {
                throw ProblemException.unauthorized("the client token was issued to another client");
            }
        }
        String key = clientId != null ? clientId : tokenClient != null ? tokenClient : "anonymous:" + anonymousKey;
        Optional<Duration> wait = limiter.acquire(key);
        if (wait.isPresent()) {
            limited.increment();
            throw ProblemException.tooManyRequests("rate limit exceeded for client " + key, wait.get());
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
