package dev.freshet.tracker.guard;

import dev.freshet.tracker.config.TrackerConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Signed client tokens: {@code base64url(clientId) "." expiresEpochSeconds "." base64url(HMAC-SHA256)}
 * over the first two parts. A backend that knows the secret issues them to its front-ends; the
 * tracker only verifies. Without a configured secret no token is needed. The secret is checked at
 * start-up (at least {@value #MIN_SECRET_BYTES} bytes), and a token must expire within the maximum
 * lifetime from now, so a leaked one stops working soon.
 */
@Startup
@ApplicationScoped
public class ClientTokens {

    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DEC = Base64.getUrlDecoder();
    private static final int MAX_TOKEN_LENGTH = 1024;

    /** An HMAC-SHA256 key shorter than its output is guessable sooner than the signature. */
    static final int MIN_SECRET_BYTES = 32;

    private final Optional<byte[]> secret;
    private final Duration maxLifetime;
    private final Clock clock;

    @Inject
    public ClientTokens(TrackerConfig config, Clock clock) {
        this(config.tokens().secret(), config.tokens().maxLifetime(), clock);
    }

    ClientTokens(Optional<String> secret, Duration maxLifetime, Clock clock) {
        this.secret = secret.filter(s -> !s.isBlank()).map(s -> s.getBytes(StandardCharsets.UTF_8));
        this.secret.ifPresent(key -> {
            if (key.length < MIN_SECRET_BYTES) {
                throw new IllegalStateException("freshet.tracker.tokens.secret is " + key.length + " bytes; at least "
                        + MIN_SECRET_BYTES + " are required (e.g. openssl rand -base64 48)");
            }
        });
        this.maxLifetime = maxLifetime;
        this.clock = clock;
    }

    public boolean required() {
        return secret.isPresent();
    }

    /** A token for the client valid until the given time, at most the maximum lifetime from now. */
    public String issue(String clientId, Instant expires) {
        byte[] key = secret.orElseThrow(() -> new IllegalStateException("no token secret configured"));
        if (expires.isAfter(clock.instant().plus(maxLifetime))) {
            throw new IllegalArgumentException("a token may live at most " + maxLifetime);
        }
        String body = ENC.encodeToString(clientId.getBytes(StandardCharsets.UTF_8)) + "." + expires.getEpochSecond();
        return body + "." + ENC.encodeToString(sign(key, body));
    }

    /** The client the token was issued to, when it is well formed, correctly signed and not expired. */
    public Optional<String> verify(String token) {
        if (secret.isEmpty() || token == null || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            byte[] expected = sign(secret.get(), parts[0] + "." + parts[1]);
            if (!MessageDigest.isEqual(expected, DEC.decode(parts[2]))) {
                return Optional.empty();
            }
            long expires = Long.parseLong(parts[1]);
            long now = clock.instant().getEpochSecond();
            // a leaked token must not be good for years: one expiring beyond the maximum lifetime is refused
            if (expires <= now || expires > now + maxLifetime.toSeconds()) {
                return Optional.empty();
            }
            return Optional.of(new String(DEC.decode(parts[0]), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] sign(byte[] key, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
