package dev.freshet.tracker.guard;

import dev.freshet.shared.token.ClientTokenFormat;
import dev.freshet.tracker.config.TrackerConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Signed client tokens in the shared {@link ClientTokenFormat}. A backend that knows the secret issues them to its front-ends; the
 * tracker only verifies. Without a configured secret no token is needed. The secret is checked at
 * start-up (at least {@value #MIN_SECRET_BYTES} bytes), and a token must expire within the maximum
 * lifetime from now, so a leaked one stops working soon.
 */
@Startup
@ApplicationScoped
public class ClientTokens {

    /** An HMAC-SHA256 key shorter than its output is guessable sooner than the signature. */
    static final int MIN_SECRET_BYTES = 32;

    private final Optional<byte[]> secret;
    private final boolean required;
    private final Duration maxLifetime;
    private final Clock clock;

    @Inject
    public ClientTokens(TrackerConfig config, Clock clock) {
        this(config.tokens().secret(), config.tokens().required(), config.tokens().maxLifetime(), clock);
    }

    ClientTokens(Optional<String> secret, Duration maxLifetime, Clock clock) {
        this(secret, true, maxLifetime, clock);
    }

    ClientTokens(Optional<String> secret, boolean required, Duration maxLifetime, Clock clock) {
        this.secret = secret.filter(s -> !s.isBlank()).map(s -> s.getBytes(StandardCharsets.UTF_8));
        this.secret.ifPresent(key -> {
            if (key.length < MIN_SECRET_BYTES) {
                throw new IllegalStateException("freshet.tracker.tokens.secret is " + key.length + " bytes; at least "
                        + MIN_SECRET_BYTES + " are required (e.g. openssl rand -base64 48)");
            }
        });
        this.required = required;
        this.maxLifetime = maxLifetime;
        this.clock = clock;
    }

    /** Every call needs a valid token. */
    public boolean required() {
        return secret.isPresent() && required;
    }

    /** A secret is set: a token sent is verified (and an invalid one refused), required or not. */
    public boolean configured() {
        return secret.isPresent();
    }

    /** A token for the client valid until the given time, at most the maximum lifetime from now. */
    public String issue(String clientId, Instant expires) {
        byte[] key = secret.orElseThrow(() -> new IllegalStateException("no token secret configured"));
        if (expires.isAfter(clock.instant().plus(maxLifetime))) {
            throw new IllegalArgumentException("a token may live at most " + maxLifetime);
        }
        return ClientTokenFormat.issue(key, clientId, expires);
    }

    /** The client the token was issued to, when it is well formed, correctly signed and not expired. */
    public Optional<String> verify(String token) {
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        long now = clock.instant().getEpochSecond();
        // a leaked token must not be good for years: one expiring beyond the maximum lifetime is refused
        return ClientTokenFormat.read(secret.get(), token)
                .filter(c -> c.expiresEpochSecond() > now && c.expiresEpochSecond() <= now + maxLifetime.toSeconds())
                .map(ClientTokenFormat.Claims::clientId);
    }
}
