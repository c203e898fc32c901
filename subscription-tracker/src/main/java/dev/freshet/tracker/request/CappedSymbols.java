package dev.freshet.tracker.request;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import dev.freshet.shared.problem.TooManyEntriesException;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The symbols of a batch, read entry by entry and refused (400) as soon as one more than
 * {@code limits.max-symbols-per-batch} arrives, so an oversized list is neither read to its end nor held.
 * Entries are checked against the input rules afterwards, as any other list.
 */
public final class CappedSymbols extends StdDeserializer<List<String>> {

    private static final String LIMIT_KEY = "freshet.tracker.limits.max-symbols-per-batch";
    private volatile int max = -1;

    public CappedSymbols() {
        super(List.class);
    }

    @Override
    public List<String> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (!p.isExpectedStartArrayToken()) {
            return ctxt.reportInputMismatch(this, "symbols must be an array of strings");
        }
        int limit = limit();
        List<String> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (out.size() == limit) {
                throw new TooManyEntriesException(p, limit);
            }
            out.add(ctxt.readValue(p, String.class));
        }
        return out;
    }

    private int limit() {
        int m = max;
        if (m < 0) {
            // read once from the configuration: Jackson creates deserializers itself, outside CDI
            m = ConfigProvider.getConfig().getOptionalValue(LIMIT_KEY, Integer.class).orElse(50);
            max = m;
        }
        return m;
    }
}
