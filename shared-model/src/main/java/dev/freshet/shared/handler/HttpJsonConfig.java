package dev.freshet.shared.handler;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code handler_config} of the {@code http-json} handler, parsed and checked:
 * {@code path} (relative to the provider's base URL, placeholders {@code {symbol}}, {@code {symbols}},
 * {@code {apiKey}}, {@code {from}}, {@code {to}}, {@code {date}}), {@code records} (JSON pointer to the
 * record array or object, "" = root), {@code columns} (target column -> source field pointer and type),
 * optional {@code sanity} rules, optional {@code batch} (multi-symbol endpoint), optional
 * {@code lookbackDays} (for {@code {from}}, default 1) and optional {@code retry} ({@code baseSeconds},
 * {@code capSeconds}).
 */
public record HttpJsonConfig(
        String path,
        String records,
        Map<String, Column> columns,
        List<SanityRule> sanity,
        Optional<Batch> batch,
        int lookbackDays) {

    public static final Set<String> TYPES = Set.of("text", "numeric", "bigint", "integer", "boolean", "date",
            "timestamptz", "epoch_seconds", "epoch_millis", "jsonb");
    public static final Set<String> PLACEHOLDERS = Set.of("symbol", "symbols", "apiKey", "from", "to", "date");

    private static final Set<String> KNOWN_KEYS = Set.of("path", "records", "columns", "sanity", "batch",
            "lookbackDays", "retry");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");
    private static final Pattern POINTER = Pattern.compile("^(/([^~/]|~[01])*)*$");
    private static final Pattern COLUMN = Pattern.compile("^[a-z_][a-z0-9_]{0,62}$");

    public record Column(String field, String type) {
    }

    /** The value must be present and strictly between the bounds that are given. */
    public record SanityRule(String column, BigDecimal greaterThan, BigDecimal lessThan) {

        public boolean accepts(BigDecimal v) {
            return v != null && (greaterThan == null || v.compareTo(greaterThan) > 0)
                    && (lessThan == null || v.compareTo(lessThan) < 0);
        }

        public String describe() {
            StringBuilder sb = new StringBuilder(column);
            if (greaterThan != null) {
                sb.append(" > ").append(greaterThan.toPlainString());
            }
            if (lessThan != null) {
                sb.append(greaterThan != null ? " and" : "").append(" < ").append(lessThan.toPlainString());
            }
            return sb.toString();
        }
    }

    /** A multi-symbol endpoint: up to maxSymbols per call; each record names its symbol at symbolField. */
    public record Batch(String path, int maxSymbols, String symbolField) {
    }

    /** Parses a config, throwing {@link IllegalArgumentException} listing every problem when it is invalid. */
    public static HttpJsonConfig parse(JsonObject config) {
        List<String> problems = new ArrayList<>();
        HttpJsonConfig parsed = parse(config, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return parsed;
    }

    static HttpJsonConfig parse(JsonObject config, List<String> problems) {
        if (config == null) {
            problems.add("handler_config is required");
            return null;
        }
        for (String key : config.fieldNames()) {
            if (!KNOWN_KEYS.contains(key)) {
                problems.add("handler_config." + key + " is not a known field (known: " + String.join(", ", KNOWN_KEYS.stream().sorted().toList()) + ")");
            }
        }
        String path = string(config, "path", problems, true);
        checkPath("path", path, problems);
        String records = config.getValue("records") == null ? "" : string(config, "records", problems, false);
        checkPointer("records", records, problems);

        Map<String, Column> columns = new LinkedHashMap<>();
        Object cols = config.getValue("columns");
        if (!(cols instanceof JsonObject colObj) || colObj.isEmpty()) {
            problems.add("handler_config.columns must be a non-empty object of column -> {field, type}");
        } else {
            for (String name : colObj.fieldNames()) {
                if (!COLUMN.matcher(name).matches()) {
                    problems.add("handler_config.columns." + name + " is not a valid column name");
                    continue;
                }
                if (!(colObj.getValue(name) instanceof JsonObject c)) {
                    problems.add("handler_config.columns." + name + " must be an object {field, type}");
                    continue;
                }
                String field = c.getValue("field") instanceof String s ? s : null;
                String type = c.getValue("type") instanceof String s ? s : null;
                if (field == null) {
                    problems.add("handler_config.columns." + name + ".field must be a JSON pointer string");
                } else {
                    checkPointer("columns." + name + ".field", field, problems);
                }
                if (type == null || !TYPES.contains(type)) {
                    problems.add("handler_config.columns." + name + ".type must be one of " + TYPES.stream().sorted().toList());
                }
                columns.put(name, new Column(field, type));
            }
        }

        List<SanityRule> sanity = new ArrayList<>();
        Object s = config.getValue("sanity");
        if (s != null && !(s instanceof JsonArray)) {
            problems.add("handler_config.sanity must be an array of {column, greaterThan, lessThan}");
        } else if (s instanceof JsonArray rules) {
            for (int i = 0; i < rules.size(); i++) {
                if (!(rules.getValue(i) instanceof JsonObject rule)) {
                    problems.add("handler_config.sanity[" + i + "] must be an object");
                    continue;
                }
                String column = rule.getValue("column") instanceof String c ? c : null;
                BigDecimal gt = number(rule, "greaterThan", "sanity[" + i + "]", problems);
                BigDecimal lt = number(rule, "lessThan", "sanity[" + i + "]", problems);
                if (column == null || !columns.containsKey(column)) {
                    problems.add("handler_config.sanity[" + i + "].column must name a mapped column");
                } else if (!Set.of("numeric", "bigint", "integer").contains(columns.get(column).type())) {
                    problems.add("handler_config.sanity[" + i + "].column " + column + " must be a numeric column");
                }
                if (gt == null && lt == null) {
                    problems.add("handler_config.sanity[" + i + "] needs greaterThan, lessThan or both");
                } else if (gt != null && lt != null && gt.compareTo(lt) >= 0) {
                    problems.add("handler_config.sanity[" + i + "].greaterThan must be below lessThan");
                }
                sanity.add(new SanityRule(column, gt, lt));
            }
        }

        Optional<Batch> batch = Optional.empty();
        Object b = config.getValue("batch");
        if (b != null && !(b instanceof JsonObject)) {
            problems.add("handler_config.batch must be an object {path, maxSymbols, symbolField}");
        } else if (b instanceof JsonObject batchObj) {
            String bpath = string(batchObj, "path", problems, true);
            checkPath("batch.path", bpath, problems);
            if (bpath != null && !bpath.contains("{symbols}")) {
                problems.add("handler_config.batch.path must contain {symbols}");
            }
            int max = batchObj.getValue("maxSymbols") instanceof Integer m ? m : -1;
            if (max < 2 || max > 1000) {
                problems.add("handler_config.batch.maxSymbols must be an integer between 2 and 1000");
            }
            String symbolField = batchObj.getValue("symbolField") instanceof String f ? f : null;
            if (symbolField == null || symbolField.isEmpty()) {
                problems.add("handler_config.batch.symbolField must be a JSON pointer to each record's symbol");
            } else {
                checkPointer("batch.symbolField", symbolField, problems);
            }
            batch = Optional.of(new Batch(bpath, max, symbolField));
        }

        int lookback = 1;
        Object lb = config.getValue("lookbackDays");
        if (lb != null) {
            if (lb instanceof Integer l && l >= 0 && l <= 3650) {
                lookback = l;
            } else {
                problems.add("handler_config.lookbackDays must be an integer between 0 and 3650");
            }
        }
        RetrySettings.parse(config, problems);
        return new HttpJsonConfig(path, records, Map.copyOf(columns), List.copyOf(sanity), batch, lookback);
    }

    private static String string(JsonObject o, String key, List<String> problems, boolean required) {
        Object v = o.getValue(key);
        if (v instanceof String s && (!required || !s.isBlank())) {
            return s;
        }
        problems.add("handler_config." + key + " must be a" + (required ? " non-empty" : "") + " string");
        return null;
    }

    private static BigDecimal number(JsonObject o, String key, String where, List<String> problems) {
        Object v = o.getValue(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        problems.add("handler_config." + where + "." + key + " must be a number");
        return null;
    }

    private static void checkPointer(String where, String pointer, List<String> problems) {
        if (pointer != null && !POINTER.matcher(pointer).matches()) {
            problems.add("handler_config." + where + " must be a JSON pointer (\"\" or starting with /)");
        }
    }

    private static void checkPath(String where, String path, List<String> problems) {
        if (path == null) {
            return;
        }
        if (!path.startsWith("/") || path.contains("://") || path.contains("..") || path.chars().anyMatch(Character::isWhitespace)) {
            problems.add("handler_config." + where + " must be a path relative to the provider base URL, starting with /");
        }
        Matcher m = PLACEHOLDER.matcher(path);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                problems.add("handler_config." + where + " has unknown placeholder {" + m.group(1) + "} (known: " + PLACEHOLDERS.stream().sorted().toList() + ")");
            }
        }
    }
}
