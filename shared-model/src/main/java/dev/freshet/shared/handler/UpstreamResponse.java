package dev.freshet.shared.handler;

import java.time.Duration;
import java.time.Instant;

/**
 * One upstream call as it went.
 *
 * @param status     HTTP status, 0 when no response arrived
 * @param body       the bytes actually read (empty on failure)
 * @param retryAfter the Retry-After of a 429/503, null when absent
 * @param failure    the transport failure (timeout, connection; status 0), or why an arrived response
 *                   was refused unread (too large; its status kept); null otherwise. Its text never
 *                   contains the API key
 * @param timedOut   the request ran past the provider's timeout
 * @param calledAt   when the call started (usage is counted in that minute)
 * @param elapsed    time until the body was read or the call failed
 */
public record UpstreamResponse(int status, byte[] body, Duration retryAfter, String failure, boolean timedOut,
                               Instant calledAt, Duration elapsed) {

    public boolean ok() {
        return status >= 200 && status < 300 && failure == null;
    }

    public long bytes() {
        return body == null ? 0 : body.length;
    }
}
