package dev.freshet.testsupport.rows;

import dev.freshet.testsupport.TestSql;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A row of one table, built column by column and inserted with one statement. Columns not set keep
 * the table's defaults, so a test names only what it is about.
 */
public abstract class RowBuilder<B extends RowBuilder<B>> {

    private final String table;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, String> casts = new LinkedHashMap<>();
    private final Map<String, String> expressions = new LinkedHashMap<>();

    protected RowBuilder(String table) {
        this.table = table;
    }

    @SuppressWarnings("unchecked")
    protected B set(String column, Object value) {
        expressions.remove(column);
        values.put(column, value instanceof Instant i ? OffsetDateTime.ofInstant(i, ZoneOffset.UTC) : value);
        return (B) this;
    }

    /**
     * A value the database computes, such as {@code now() - interval '3 minutes'}: for tests that
     * line rows up with the database's own clock. A fixed SQL text of the test, never input.
     */
    @SuppressWarnings("unchecked")
    protected B setExpression(String column, String sqlExpression) {
        values.remove(column);
        expressions.put(column, sqlExpression);
        return (B) this;
    }

    protected B setJson(String column, String json) {
        casts.put(column, "jsonb");
        return set(column, json);
    }

    protected B setTextArray(String column, String... values) {
        casts.put(column, "text[]");
        return set(column, "{" + String.join(",", values) + "}");
    }

    /** Inserts the row; returns the value of {@code returning} (a generated id), or null. */
    protected Object insert(TestSql sql, String returning) {
        List<String> columns = new ArrayList<>(values.keySet());
        List<String> placeholders = new ArrayList<>();
        for (String column : columns) {
            placeholders.add(casts.containsKey(column) ? "?::" + casts.get(column) : "?");
        }
        columns.addAll(expressions.keySet());
        placeholders.addAll(expressions.values());
        String statement = "insert into " + table + " (" + String.join(", ", columns) + ") values ("
                + String.join(", ", placeholders) + ") returning " + returning;
        return sql.value(statement, values.values().toArray());
    }
}
