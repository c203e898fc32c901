package dev.freshet.processor.httpjson;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.freshet.shared.handler.HttpJsonConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns one upstream record into one target row: each mapped column converted to its declared type
 * (and written in the column type's input format), constant columns filled with their value, then
 * checked against the sanity rules.
 */
final class RecordMapper {

    private RecordMapper() {
    }

    /** Most significant digits, and most digits of exponent either way, of a number taken from a provider. */
    static final int MAX_DIGITS = 100;
    /** Longest number text read at all (JSON number or numeric string). */
    static final int MAX_NUMBER_CHARS = 200;

    /**
     * Compiled JSON pointers by their text. A handler_config has a few pointers and each is read for every
     * record; compiling one (what {@code JsonNode.at(String)} does on every call) costs more than the lookup.
     * Bounded: cleared should registry edits ever bring this many distinct pointers.
     */
    private static final Map<String, JsonPointer> POINTERS = new ConcurrentHashMap<>();
    private static final int MAX_POINTERS = 10_000;

    /** The node at a JSON pointer (missing node when absent), the pointer compiled once. */
    static JsonNode at(JsonNode node, String pointer) {
        JsonPointer p = POINTERS.get(pointer);
        if (p == null) {
            if (POINTERS.size() >= MAX_POINTERS) {
                POINTERS.clear();
            }
            p = JsonPointer.compile(pointer);
            POINTERS.put(pointer, p);
        }
        return node.at(p);
    }

    static final class InvalidRecord extends Exception {
        InvalidRecord(String message) {
            super(message, null, false, false);
        }
    }

    static JsonObject map(JsonNode record, HttpJsonConfig config) throws InvalidRecord {
        if (record == null || !record.isObject()) {
            throw new InvalidRecord("record is not a JSON object");
        }
        JsonObject row = new JsonObject();
        for (Map.Entry<String, HttpJsonConfig.Column> c : config.columns().entrySet()) {
            HttpJsonConfig.Column column = c.getValue();
            row.put(c.getKey(), column.constant() ? constant(c.getKey(), column)
                    : convert(c.getKey(), at(record, column.field()), column.type()));
        }
        return row;
    }

    /** A constant column's value, converted like a field of that type would be. */
    private static Object constant(String name, HttpJsonConfig.Column column) throws InvalidRecord {
        Object v = column.value();
        if (v instanceof JsonObject o) {
            return o.copy();
        }
        if (v instanceof JsonArray a) {
            return a.copy();
        }
        JsonNode node = switch (v) {
            case Boolean b -> JsonNodeFactory.instance.booleanNode(b);
            case Number n -> JsonNodeFactory.instance.numberNode(new BigDecimal(n.toString()));
            default -> JsonNodeFactory.instance.textNode(String.valueOf(v));
        };
        return convert(name, node, column.type());
    }

    static void checkSanity(JsonObject row, List<HttpJsonConfig.SanityRule> rules) throws InvalidRecord {
        for (HttpJsonConfig.SanityRule rule : rules) {
            Object v = row.getValue(rule.column());
            BigDecimal n = v == null ? null : new BigDecimal(v.toString());
            if (!rule.accepts(n)) {
                throw new InvalidRecord("sanity rule " + rule.describe() + " violated by " + rule.column() + " = " + v);
            }
        }
    }

    private static Object convert(String column, JsonNode v, String type) throws InvalidRecord {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return null;
        }
        try {
            return switch (type) {
                case "text" -> v.isValueNode() ? v.asText() : v.toString();
                case "numeric" -> decimal(v).toPlainString();
                case "bigint" -> decimal(v).setScale(0, RoundingMode.HALF_UP).longValueExact();
                case "integer" -> decimal(v).setScale(0, RoundingMode.HALF_UP).intValueExact();
                case "boolean" -> bool(v);
                case "date" -> date(v).toString();
                case "timestamptz" -> timestamp(v).toString();
                case "epoch_seconds" -> Instant.ofEpochSecond(decimal(v).longValue()).atOffset(ZoneOffset.UTC).toString();
                case "epoch_millis" -> Instant.ofEpochMilli(decimal(v).longValue()).atOffset(ZoneOffset.UTC).toString();
                case "jsonb" -> v.isObject() ? new JsonObject(v.toString()) : v.isArray() ? new JsonArray(v.toString()) : v.isNumber() ? v.numberValue() : v.asText();
                default -> throw new InvalidRecord("unknown type " + type);
            };
        } catch (OutOfRange e) {
            throw new InvalidRecord(column + ": " + abbreviate(v.toString()) + " is out of range (more than " + MAX_DIGITS
                    + " digits or an exponent beyond ±" + MAX_DIGITS + ")");
        } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
            throw new InvalidRecord(column + ": " + abbreviate(v.toString()) + " is not a valid " + type);
        }
    }

    private static BigDecimal decimal(JsonNode v) {
        BigDecimal d;
        if (v.isNumber()) {
            d = v.decimalValue();
        } else if (v.isTextual()) {
            String s = v.asText().trim();
            if (s.length() > MAX_NUMBER_CHARS) {
                throw new OutOfRange();
            }
            d = new BigDecimal(s);
        } else {
            throw new NumberFormatException();
        }
        // "1e999999999" parses cheaply but expands to a billion digits in toPlainString or longValue
        if (d.precision() > MAX_DIGITS || Math.abs((long) d.scale()) > MAX_DIGITS) {
            throw new OutOfRange();
        }
        return d;
    }

    /** A number beyond what any column of ours holds: refused before it is expanded. */
    private static final class OutOfRange extends NumberFormatException {
    }

    private static boolean bool(JsonNode v) {
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        String s = v.asText().trim().toLowerCase();
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new NumberFormatException();
    }

    private static LocalDate date(JsonNode v) {
        String s = v.asText().trim();
        return LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
    }

    private static OffsetDateTime timestamp(JsonNode v) {
        String s = v.asText().trim();
        try {
            return OffsetDateTime.parse(s);
        } catch (DateTimeParseException e) {
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay().atOffset(ZoneOffset.UTC);
            }
            return LocalDateTime.parse(s.replace(' ', 'T')).atOffset(ZoneOffset.UTC);
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
