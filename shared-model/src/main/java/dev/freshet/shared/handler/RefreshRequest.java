package dev.freshet.shared.handler;

import dev.freshet.shared.registry.DataType;

import java.time.Instant;
import java.util.List;

/**
 * What a handler is asked to do: refresh these symbols of this data type, calling the provider
 * through {@code upstream} (which holds the base URL, key, timeout and concurrency limit).
 *
 * @param symbols one, or several when the data type offers a multi-symbol call
 * @param now     the processor's clock at the start of the run
 */
public record RefreshRequest(DataType dataType, List<String> symbols, Upstream upstream, Instant now) {
}
