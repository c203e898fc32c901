package dev.freshet.shared.handler;

import dev.freshet.shared.registry.DataType;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a handler is asked to do: refresh these symbols of this data type, calling the provider
 * through {@code upstream} (which holds the base URL, key, timeout and concurrency limit).
 *
 * @param symbols    one, or several when the data type offers a multi-symbol call
 * @param now        the processor's clock at the start of the run
 * @param lastStored for a data type with an {@link RefreshHandler#incrementalColumn incremental column}:
 *                   per symbol, the record time up to which the data is already covered (the newest
 *                   stored record, or later when the upstream answered an earlier chunk empty up to a
 *                   later time); a symbol with nothing stored is absent. Empty otherwise.
 */
public record RefreshRequest(DataType dataType, List<String> symbols, Upstream upstream, Instant now,
                             Map<String, Instant> lastStored) {

    public RefreshRequest {
        lastStored = Map.copyOf(lastStored);
    }
}
