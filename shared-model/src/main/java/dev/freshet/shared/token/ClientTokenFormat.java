package dev.freshet.shared.token;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The client token format: {@code base64url(clientId) "." expiresEpochSeconds "." base64url(HMAC-SHA256)}
 * over the first two parts. The tracker verifies tokens; a backend that knows the secret (the
 * application's, or the admin service for its own live view) issues them.
 */
public final class ClientTokenFormat {

    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DEC = Base64.getUrlDecoder();
    private static final int MAX_TOKEN_LENGTH = 1024;

    private ClientTokenFormat() {
    }

    /** A token for the client valid until the given time. */
    public static String issue(byte[] secret, String clientId, Instant expires) {
        String body = ENC.encodeToString(clientId.getBytes(StandardCharsets.UTF_8)) + "." + expires.getEpochSecond();
        return body + "." + ENC.encodeToString(sign(secret, body));
    }

    /** What a well-formed, correctly signed token says. */
    public record Claims(String clientId, long expiresEpochSecond) {
    }

    /** The client the token was issued to, when it is well formed, correctly signed and not expired at {@code now}. */
    public static Optional<String> verify(byte[] secret, String token, Instant now) {
        return read(secret, token).filter(c -> c.expiresEpochSecond() > now.getEpochSecond()).map(Claims::clientId);
    }

    /** The token's claims when it is well formed and correctly signed, whatever its expiry. */
    public static Optional<Claims> read(byte[] secret, String token) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            byte[] expected = sign(secret, parts[0] + "." + parts[1]);
            if (!MessageDigest.isEqual(expected, DEC.decode(parts[2]))) {
                return Optional.empty();
            }
            return Optional.of(new Claims(new String(DEC.decode(parts[0]), StandardCharsets.UTF_8), Long.parseLong(parts[1])));
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
