package dev.freshet.admin.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Moves JSON between the database client (Vert.x) and the API (Jackson trees, no reflection). */
public final class Json {

    private static final ObjectMapper TREES = new ObjectMapper();

    private Json() {
    }

    /** A jsonb value as read from a row (object, array, scalar or null) as a Jackson tree. */
    public static JsonNode node(Object value) {
        try {
            if (value == null) {
                return NullNode.getInstance();
            }
            if (value instanceof JsonObject o) {
                return TREES.readTree(o.encode());
            }
            if (value instanceof JsonArray a) {
                return TREES.readTree(a.encode());
            }
            return TREES.valueToTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable JSON from the database", e);
        }
    }

    public static JsonObject object(JsonNode node) {
        return node == null || node.isNull() ? null : new JsonObject(node.toString());
    }
}
