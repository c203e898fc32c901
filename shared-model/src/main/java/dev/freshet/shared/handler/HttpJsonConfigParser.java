package dev.freshet.shared.handler;

import dev.freshet.shared.handler.HttpJsonConfig.Batch;
import dev.freshet.shared.handler.HttpJsonConfig.Column;
import dev.freshet.shared.handler.HttpJsonConfig.Incremental;
import dev.freshet.shared.handler.HttpJsonConfig.SanityRule;
import dev.freshet.shared.registry.RefreshLead;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads an {@code http-json} handler_config into an {@link HttpJsonConfig}, collecting every problem
 * (unknown keys, bad pointers, placeholders, column names and types, constants, incremental and
 * batch settings) so that the admin API can answer all of them at once.
 */
public final class HttpJsonConfigParser {

    public static final Set<String> TYPES = Set.of("text", "numeric", "bigint", "integer", "boolean", "date",
            "timestamptz", "epoch_seconds", "epoch_millis", "jsonb");
    public static final Set<String> PLACEHOLDERS = Set.of("symbol", "symbols", "apiKey", "from", "to", "date",
            "fromMillis", "toMillis");
    /** Column types that can hold a record's time, so can drive an incremental fetch. */
    public static final Set<String> RECORD_TIME_TYPES = Set.of("epoch_millis", "epoch_seconds", "timestamptz", "date");
    public static final int DEFAULT_BACKFILL_DAYS = 30;

    // sorted: problems list them in this order
    private static final List<String> KNOWN_KEYS = Stream.of("path", "records", "columns", "sanity", "batch",
            "lookbackDays", "incremental", "retry", RefreshLead.FIELD).sorted().toList();
    private static final List<String> INCREMENTAL_KEYS = Stream.of("column", "backfillFrom", "backfillDays",
            "maxDaysPerCall", "overlapMinutes").sorted().toList();
    private static final Set<String> RANGE_PLACEHOLDERS = Set.of("{from}", "{to}", "{fromMillis}", "{toMillis}");
    private static final int MAX_DAYS = 3650;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");
    private static final Pattern POINTER = Pattern.compile("^(/([^~/]|~[01])*)*$");
    private static final Pattern COLUMN = Pattern.compile("^[a-z_][a-z0-9_]{0,62}$");

    private HttpJsonConfigParser() {
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
        ConfigFields.unknown("handler_config", config, KNOWN_KEYS, problems);
        problems.addAll(RefreshLead.problems(config));
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
                Object value = c.getValue("value");
                boolean typeOk = type != null && TYPES.contains(type);
                if (!typeOk) {
                    problems.add("handler_config.columns." + name + ".type must be one of " + TYPES.stream().sorted().toList());
                }
                if (c.containsKey("field") && c.containsKey("value")) {
                    problems.add("handler_config.columns." + name + " must have either field or value, not both");
                } else if (c.containsKey("value")) {
                    String problem = constantProblem(value, typeOk ? type : null);
                    if (problem != null) {
                        problems.add("handler_config.columns." + name + ".value " + problem);
                    }
                } else if (field == null) {
                    problems.add("handler_config.columns." + name + ".field must be a JSON pointer string (or give a constant value)");
                } else {
                    checkPointer("columns." + name + ".field", field, problems);
                }
                columns.put(name, new Column(c.containsKey("value") ? null : field, type, c.containsKey("value") ? value : null));
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
            if (lb instanceof Integer l && l >= 0 && l <= MAX_DAYS) {
                lookback = l;
            } else {
                problems.add("handler_config.lookbackDays must be an integer between 0 and " + MAX_DAYS);
            }
        }
        Optional<Incremental> incremental = Optional.empty();
        if (config.containsKey("incremental")) {
            incremental = Optional.ofNullable(incremental(config, path, columns, problems));
        }
        RetrySettings.parse(config, problems);
        return new HttpJsonConfig(path, records, Map.copyOf(columns), List.copyOf(sanity), batch, lookback, incremental);
    }

    private static Incremental incremental(JsonObject config, String path, Map<String, Column> columns, List<String> problems) {
        if (!(config.getValue("incremental") instanceof JsonObject inc)) {
            problems.add("handler_config.incremental must be an object {column, maxDaysPerCall, backfillFrom or backfillDays, overlapMinutes}");
            return null;
        }
        int before = problems.size();
        ConfigFields.unknown("handler_config.incremental", inc, INCREMENTAL_KEYS, problems);
        String column = inc.getValue("column") instanceof String c ? c : null;
        Column mapped = column == null ? null : columns.get(column);
        if (mapped == null) {
            problems.add("handler_config.incremental.column must name a mapped column (the record time)");
        } else if (mapped.field() == null) {
            problems.add("handler_config.incremental.column " + column + " must be read from the record, not a constant");
        } else if (!RECORD_TIME_TYPES.contains(mapped.type())) {
            problems.add("handler_config.incremental.column " + column + " must be of type "
                    + RECORD_TIME_TYPES.stream().sorted().toList());
        }
        Optional<LocalDate> backfillFrom = Optional.empty();
        if (inc.containsKey("backfillFrom")) {
            try {
                backfillFrom = Optional.of(LocalDate.parse(String.valueOf(inc.getValue("backfillFrom"))));
            } catch (DateTimeParseException e) {
                problems.add("handler_config.incremental.backfillFrom must be an ISO date (YYYY-MM-DD)");
            }
        }
        if (inc.containsKey("backfillFrom") && inc.containsKey("backfillDays")) {
            problems.add("handler_config.incremental takes backfillFrom or backfillDays, not both");
        }
        int backfillDays = integer(inc, "backfillDays", DEFAULT_BACKFILL_DAYS, 0, MAX_DAYS, problems);
        int maxDays = -1;
        if (!inc.containsKey("maxDaysPerCall")) {
            problems.add("handler_config.incremental.maxDaysPerCall is required (the longest range one call may ask for)");
        } else {
            maxDays = integer(inc, "maxDaysPerCall", -1, 1, MAX_DAYS, problems);
        }
        int overlap = integer(inc, "overlapMinutes", 0, 0, MAX_DAYS * 1440, problems);
        if (maxDays > 0 && overlap >= maxDays * 1440) {
            // a chunk that only refetches its overlap would never move on
            problems.add("handler_config.incremental.overlapMinutes must be shorter than maxDaysPerCall");
        }
        if (config.containsKey("batch")) {
            problems.add("handler_config.incremental cannot be combined with batch (each symbol has its own range)");
        }
        if (config.containsKey("lookbackDays")) {
            problems.add("handler_config.lookbackDays does not apply with incremental (use incremental.backfillDays)");
        }
        if (path != null && RANGE_PLACEHOLDERS.stream().noneMatch(path::contains)) {
            problems.add("handler_config.path must use {fromMillis}/{toMillis} or {from}/{to} when incremental");
        }
        return problems.size() > before ? null
                : new Incremental(column, backfillFrom, backfillDays, maxDays, overlap);
    }

    private static int integer(JsonObject o, String key, int fallback, int min, int max, List<String> problems) {
        Object v = o.getValue(key);
        if (v == null && !o.containsKey(key)) {
            return fallback;
        }
        if (v instanceof Integer i && i >= min && i <= max) {
            return i;
        }
        problems.add("handler_config.incremental." + key + " must be an integer between " + min + " and " + max);
        return fallback;
    }

    /** Why a constant cannot be written as the column's type, or null when it can. */
    private static String constantProblem(Object value, String type) {
        if (value == null) {
            return "must not be null";
        }
        if ("jsonb".equals(type)) {
            return null;
        }
        if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
            return "must be a string, number or boolean";
        }
        if (type == null) {
            return null;
        }
        String text = value.toString().trim();
        try {
            switch (type) {
                case "numeric", "bigint", "integer", "epoch_seconds", "epoch_millis" -> {
                    BigDecimal n = new BigDecimal(text);
                    if (!type.equals("numeric") && n.stripTrailingZeros().scale() > 0) {
                        return "must be a whole number for type " + type;
                    }
                }
                case "boolean" -> {
                    if (!text.equals("true") && !text.equals("false")) {
                        return "must be true or false";
                    }
                }
                case "date" -> LocalDate.parse(text);
                case "timestamptz" -> OffsetDateTime.parse(text);
                default -> {
                }
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            return "'" + (text.length() > 40 ? text.substring(0, 37) + "..." : text) + "' is not a valid " + type;
        }
        return null;
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
