package dev.freshet.admin;

import dev.freshet.testsupport.TestSql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builders for test data: valid requests to vary, and rows prepared directly in the database. */
public final class TestData {

    private TestData() {
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
        m.put("enabled", true);
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
                    max_attempts, enabled, write_mode)
                select ?, display_name, ?, handler, handler_config, table_name, timestamp_column,
                    symbol_column, key_columns, scope, ttl_seconds, refresh_mode, schedule_interval_seconds, priority, tier,
                    warn_after_seconds, error_after_seconds, estimated_bytes, source_timestamp_column, max_attempts, enabled,
                    write_mode
                from data_type_registry where data_type = ?""", name, provider, from);
    }

    /** Queues a job directly; returns its id. */
    public static long job(TestSql sql, String dataType, String symbol, String status, int attempts, String runAfterSql) {
        return ((Number) sql.value("""
                insert into refresh_jobs (data_type, symbol, provider, priority, origin, status, attempts, run_after,
                    claimed_at, claimed_by, lease_expires_at, reserved_calls, reserved_bytes, last_error)
                select r.data_type, ?, r.provider, 10, 'scheduled', ?, ?, """ + runAfterSql + """
                    , case when ? = 'processing' then now() end, case when ? = 'processing' then 'processor-1' end,
                    case when ? = 'processing' then now() + interval '1 minute' end,
                    case when ? = 'processing' then 1 else 0 end, case when ? = 'processing' then 500 else 0 end,
                    case when ? > 0 then 'HTTP 503 from upstream' end
                from data_type_registry r where r.data_type = ?
                returning job_id""", symbol, status, attempts, status, status, status, status, status, attempts, dataType)).longValue();
    }

    /** Writes a finished job into history; returns nothing, the id is the caller's. */
    public static void finished(TestSql sql, long jobId, String dataType, String symbol, String status, String finishedAtSql,
                                int queueWaitMs, int fetchMs, int validateMs, int writeMs) {
        sql.update("""
                insert into refresh_job_history (job_id, data_type, symbol, provider, priority, origin, status, attempts,
                    enqueued_at, finished_at, last_error, queue_wait_ms, fetch_ms, validate_ms, write_ms)
                values (?, ?, ?, 'fmp', 10, 'scheduled', ?, 1, now() - interval '1 hour', """ + finishedAtSql + """
                    , case when ? = 'failed' then 'HTTP 404' end, ?, ?, ?, ?)""",
                jobId, dataType, symbol, status, status, queueWaitMs, fetchMs, validateMs, writeMs);
    }
}
