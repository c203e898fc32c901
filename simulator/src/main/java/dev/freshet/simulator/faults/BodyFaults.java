package dev.freshet.simulator.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.freshet.simulator.Json;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Faults that rewrite a well-formed answer: they work on the JSON tree, so they apply to every endpoint alike. */
public final class BodyFaults {

    public static final String PADDING_FIELD = "_padding";

    private static final Set<String> FMP_PRICE_FIELDS = Set.of("price");
    private static final Set<String> POLYGON_PRICE_FIELDS = Set.of("o", "h", "l", "c", "vw");
    private static final byte[] HTML_ERROR_PAGE = """
            <html>
            <head><title>502 Bad Gateway</title></head>
            <body><center><h1>502 Bad Gateway</h1></center></body>
            </html>
            """.getBytes(StandardCharsets.UTF_8);

    private BodyFaults() {
    }

    /** Makes a list answer exactly {@code records} long by cycling or cutting it (an empty list stays empty). */
    public static JsonNode resize(JsonNode body, int records) {
        if (!(body instanceof ArrayNode array) || array.isEmpty() || array.size() == records) {
            return body;
        }
        ArrayNode resized = Json.MAPPER.createArrayNode();
        for (int i = 0; i < records; i++) {
            resized.add(array.get(i % array.size()).deepCopy());
        }
        return resized;
    }

    /** Breaks FMP {@code price} fields and Polygon bar prices wherever they appear. */
    public static void breakPrices(JsonNode node, InsanePrice how) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> property : List.copyOf(object.properties())) {
                String field = property.getKey();
                JsonNode value = property.getValue();
                boolean priceField = FMP_PRICE_FIELDS.contains(field) || POLYGON_PRICE_FIELDS.contains(field);
                if (priceField && value.isNumber()) {
                    object.put(field, how.apply(value.asDouble()));
                } else {
                    breakPrices(value, how);
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(element -> breakPrices(element, how));
        }
    }

    /**
     * Serialises the body, inflated to exactly {@code targetBytes} by a filler field on the first object when it is
     * smaller. An empty list has no object to carry the field and is sent as is.
     */
    public static byte[] padded(JsonNode body, int targetBytes) {
        ObjectNode carrier = body instanceof ObjectNode object ? object
                : body instanceof ArrayNode array && !array.isEmpty() && array.get(0) instanceof ObjectNode first
                        ? first : null;
        if (carrier == null) {
            return Json.bytes(body);
        }
        carrier.put(PADDING_FIELD, "");
        byte[] withEmptyPadding = Json.bytes(body);
        int missing = targetBytes - withEmptyPadding.length;
        if (missing < 0) {
            carrier.remove(PADDING_FIELD);
            return Json.bytes(body);
        }
        char[] filler = new char[missing];
        Arrays.fill(filler, 'x');
        carrier.put(PADDING_FIELD, new String(filler));
        return Json.bytes(body);
    }

    public static byte[] malformed(byte[] body, Malformed how) {
        return switch (how) {
            case TRUNCATED -> Arrays.copyOf(body, Math.max(1, body.length / 2));
            case HTML -> HTML_ERROR_PAGE.clone();
        };
    }
}
