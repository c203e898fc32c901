package dev.freshet.processor.complete;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.math.BigInteger;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows of one upsert: the columns they map and the rows as one JSON array text, the statement's
 * {@code $1}. Written by hand, not by Jackson databind: in the batch path (a hundred rows per call)
 * databind's map serializer, which looks a serializer up for every value, was the largest single
 * item of the finish. Text, numbers of integral types, booleans and nulls are written here; any other
 * value (a nested object or array of a jsonb column, a decimal) goes through {@link Json#encode}, so the
 * text the database parses means the same as before.
 */
record UpsertRows(Set<String> mapped, String json) {

    private static final String[] NO_KEYS = new String[0];

    static UpsertRows of(List<JsonObject> rows) {
        StringBuilder out = new StringBuilder(rows.size() * 256 + 2).append('[');
        for (int r = 0; r < rows.size(); r++) {
            out.append(r == 0 ? "{" : ",{");
            boolean first = true;
            for (Map.Entry<String, Object> e : rows.get(r).getMap().entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, e.getKey());
                out.append(':');
                value(out, e.getValue());
            }
            out.append('}');
        }
        return new UpsertRows(columns(rows), out.append(']').toString());
    }

    /**
     * The columns the rows map, in the order first seen. The rows of one data type map the same
     * columns under the same key strings in the same order (the handler's mapping), so a row whose
     * keys are those of the row before, string for string, confirms them without a set lookup.
     */
    static Set<String> columns(List<JsonObject> rows) {
        Set<String> mapped = new LinkedHashSet<>();
        String[] last = NO_KEYS;
        for (JsonObject row : rows) {
            Map<String, Object> m = row.getMap();
            boolean sameKeys = m.size() == last.length;
            int i = 0;
            for (String key : m.keySet()) {
                if (!sameKeys || key != last[i++]) {
                    sameKeys = false;
                    break;
                }
            }
            if (!sameKeys) {
                last = m.keySet().toArray(NO_KEYS);
                mapped.addAll(m.keySet());
            }
        }
        return mapped;
    }

    private static void value(StringBuilder out, Object v) {
        switch (v) {
            case null -> out.append("null");
            case String s -> string(out, s);
            case Integer n -> out.append(n.intValue());
            case Long n -> out.append(n.longValue());
            case Short n -> out.append(n.shortValue());
            case Byte n -> out.append(n.byteValue());
            case BigInteger n -> out.append(n);
            case Boolean b -> out.append(b.booleanValue());
            default -> out.append(Json.encode(v));
        }
    }

    /** A JSON string: quote, backslash and control characters escaped, everything else as it is (the text goes out as UTF-8). */
    private static void string(StringBuilder out, String s) {
        out.append('"');
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, start, i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
            start = i + 1;
        }
        out.append(s, start, s.length()).append('"');
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();
}
