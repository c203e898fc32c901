package dev.freshet.tracker.guard;

import dev.freshet.shared.token.ClientTokenFormat;
import dev.freshet.tracker.config.TrackerConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Signed client tokens ({@link ClientTokenFormat}). A backend that knows the secret issues them to its
 * front-ends; the tracker only verifies. Without a configured secret no token is needed.
 */
@ApplicationScoped
public class ClientTokens {

    private final Optional<byte[]> secret;
    private final Clock clock;

    public ClientTokens(TrackerConfig config, Clock clock) {
        this.secret = config.tokens().secret().filter(s -> !s.isBlank()).map(s -> s.getBytes(StandardCharsets.UTF_8));
        this.clock = clock;
    }

    public boolean required() {
        return secret.isPresent();
    }

    /** A token for the client valid until the given time. */
    public String issue(String clientId, Instant expires) {
        byte[] key = secret.orElseThrow(() -> new IllegalStateException("no token secret configured"));
        return ClientTokenFormat.issue(key, clientId, expires);
    }

    /** The client the token was issued to, when it is well formed, correctly signed and not expired. */
    public Optional<String> verify(String token) {
        return secret.flatMap(key -> ClientTokenFormat.verify(key, token, clock.instant()));
    }
}
