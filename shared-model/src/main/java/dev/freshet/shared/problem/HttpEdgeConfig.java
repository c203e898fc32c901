package dev.freshet.shared.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The request limits every service answers with a problem; documented in the shared-model README.
 * The HTTP codec's own limits ({@code quarkus.http.limits.*}) are set higher, as a last guard.
 */
@ConfigMapping(prefix = "freshet.http")
public interface HttpEdgeConfig {

    /** Longest request target (path and query, as sent); longer is 414. */
    @WithDefault("8192")
    int maxUriLength();

    /** Most bytes of request headers (names, values and separators); more is 431. */
    @WithDefault("16384")
    int maxHeaderBytes();

    /** Largest request body by its Content-Length; larger is 413. */
    @WithDefault("1M")
    MemorySize maxBodySize();
}
