package dev.freshet.tracker.guard;

import dev.freshet.tracker.config.TrackerConfig;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Signed client tokens: {@code base64url(clientId) "." expiresEpochSeconds "." base64url(HMAC-SHA256)}
 * over the first two parts. A backend that knows the secret issues them to its front-ends; the
 * tracker only verifies. Without a configured secret no token is needed.
 */
@ApplicationScoped
public class ClientTokens {

    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DEC = Base64.getUrlDecoder();
    private static final int MAX_TOKEN_LENGTH = 1024;

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
            if (Long.parseLong(parts[1]) <= clock.instant().getEpochSecond()) {
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
