package dev.freshet.shared.handler;

import io.smallrye.mutiny.Uni;

/**
 * The provider as a handler sees it: GET a path relative to its base URL. The processor fills
 * {@code {apiKey}} from the environment (the handler never sees the key), bounds concurrency,
 * applies the timeout and counts the call. Transport failures arrive as an
 * {@link UpstreamResponse} with status 0 and {@link UpstreamResponse#failure()} set, never as a
 * failed Uni.
 */
public interface Upstream {

    String provider();

    /** @param pathAndQuery already URL-encoded, may contain the literal {@code {apiKey}} */
    Uni<UpstreamResponse> get(String pathAndQuery);
}
