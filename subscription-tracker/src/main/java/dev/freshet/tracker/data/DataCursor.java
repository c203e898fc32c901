package dev.freshet.tracker.data;

import dev.freshet.shared.problem.ProblemException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;

/**
 * Where the next page of {@code /v1/data} starts: the order columns of the last row served, for the
 * same data type and symbol, as base64url JSON. Opaque to clients; a cursor that does not decode,
 * belongs to another data type or symbol, or names other columns is refused before any query runs.
 */
final class DataCursor {

    static final int MAX_LENGTH = 2048;

    private DataCursor() {
    }

    static String encode(String dataType, String symbol, JsonObject position) {
        String json = new JsonObject().put("d", dataType).put("s", symbol).put("k", position).encode();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The position the cursor holds, each order column a JSON scalar; a 400 problem when it is not one of ours. */
    static JsonObject decode(String cursor, String dataType, String symbol, List<String> orderColumns) {
        if (cursor.length() > MAX_LENGTH) {
            throw invalid("it is too long");
        }
        JsonObject json;
        try {
            json = new JsonObject(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
            throw invalid("it is not one this endpoint issued");
        }
        if (!dataType.equals(json.getValue("d")) || !symbol.equals(json.getValue("s"))) {
            throw invalid("it was issued for another data type or symbol");
        }
        if (!(json.getValue("k") instanceof JsonObject position) || orderColumns.isEmpty()
                || !new HashSet<>(orderColumns).equals(position.fieldNames())
                || !position.stream().allMatch(e -> e.getValue() instanceof String || e.getValue() instanceof Number
                        || e.getValue() instanceof Boolean)) {
            throw invalid("it does not match this data type's key columns");
        }
        return position;
    }

    static ProblemException invalid(String why) {
        return ProblemException.badRequest("cursor is not valid: " + why + "; start again without a cursor");
    }
}
