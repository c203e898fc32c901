package dev.freshet.admin;

import dev.freshet.testsupport.TestSql;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builders for test data: valid requests to vary, and rows prepared directly in the database. */
public final class TestData {

    private TestData() {
    }

    public static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /**
     * Waits until the current minute has a few seconds left, for tests that put usage in "this
     * minute" and read it back through the API.
     */
    public static void awayFromMinuteBoundary() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> java.time.LocalTime.now(java.time.ZoneOffset.UTC).getSecond() < 55);
    }

    /** A valid data type over the shipped {@code profiles} table; tests change one field to break it. */
    public static Map<String, Object> dataType(String name) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("company_name", Map.of("field", "/companyName", "type", "text"));
        columns.put("price", Map.of("field", "/price", "type", "numeric"));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("path", "/stable/profile?symbol={symbol}&apikey={apiKey}");
        config.put("records", "");
        config.put("columns", columns);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataType", name);
        m.put("displayName", "Profile copy " + name);
        m.put("provider", "fmp");
        m.put("handler", "http-json");
        m.put("handlerConfig", config);
        m.put("tableName", "profiles");
        m.put("timestampColumn", "refreshed_at");
        m.put("symbolColumn", "symbol");
        m.put("keyColumns", List.of("symbol"));
        m.put("scope", "symbol");
        m.put("ttlSeconds", 3600);
        m.put("refreshMode", "on_demand");
        m.put("priority", 5);
        m.put("tier", "standard");
        m.put("rolloutState", "live");
        return m;
    }

    public static Map<String, Object> with(Map<String, Object> base, String field, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(base);
        m.put(field, value);
        return m;
    }

    /** Inserts a copy of a seeded registry row under a new name (and optionally another provider). */
    public static void copyDataType(TestSql sql, String from, String name, String provider) {
        sql.update("""
                insert into data_type_registry (data_type, display_name, provider, handler, handler_config, table_name,
                    timestamp_column, symbol_column, key_columns, scope, ttl_seconds, refresh_mode, schedule_interval_seconds,
                    priority, tier, warn_after_seconds, error_after_seconds, estimated_bytes, source_timestamp_column,
                    max_attempts, rollout_state)
                select ?, display_name, ?, handler, handler_config, table_name, timestamp_column,
                    symbol_column, key_columns, scope, ttl_seconds, refresh_mode, schedule_interval_seconds, priority, tier,
                    warn_after_seconds, error_after_seconds, estimated_bytes, source_timestamp_column, max_attempts, rollout_state
                from data_type_registry where data_type = ?""", name, provider, from);
    }
}
