package dev.freshet.testsupport.rows;

import dev.freshet.testsupport.TestSql;

/**
 * A registry data type (data_type_registry). Unless told otherwise it is shaped like the shipped
 * quote: provider fmp, handler http-json, per symbol in table quotes (key symbol, timestamp
 * refreshed_at), on demand with a 60 s TTL, live.
 */
public final class DataTypeRow extends RowBuilder<DataTypeRow> {

    private DataTypeRow(String dataType) {
        super("data_type_registry");
        set("data_type", dataType).set("display_name", dataType).set("provider", "fmp").set("handler", "http-json")
                .set("table_name", "quotes").set("timestamp_column", "refreshed_at").set("symbol_column", "symbol")
                .setTextArray("key_columns", "symbol").set("scope", "symbol").set("ttl_seconds", 60)
                .set("refresh_mode", "on_demand");
    }

    public static DataTypeRow dataType(String dataType) {
        return new DataTypeRow(dataType);
    }

    public DataTypeRow displayName(String name) {
        return set("display_name", name);
    }

    public DataTypeRow provider(String provider) {
        return set("provider", provider);
    }

    public DataTypeRow handler(String handler, String configJson) {
        return set("handler", handler).setJson("handler_config", configJson);
    }

    /** The target table, its timestamp column and its key columns (the symbol column first). */
    public DataTypeRow table(String table, String timestampColumn, String... keyColumns) {
        return set("table_name", table).set("timestamp_column", timestampColumn).setTextArray("key_columns", keyColumns);
    }

    /** One row for all symbols: scope global, no symbol column. */
    public DataTypeRow global() {
        return set("scope", "global").set("symbol_column", null);
    }

    public DataTypeRow ttlSeconds(int seconds) {
        return set("ttl_seconds", seconds);
    }

    /** Refreshed on a schedule every {@code intervalSeconds} ({@code both}: on demand too). */
    public DataTypeRow scheduled(boolean alsoOnDemand, int intervalSeconds) {
        return set("refresh_mode", alsoOnDemand ? "both" : "scheduled").set("schedule_interval_seconds", intervalSeconds);
    }

    public DataTypeRow priority(int priority) {
        return set("priority", priority);
    }

    public DataTypeRow tier(String tier) {
        return set("tier", tier);
    }

    public DataTypeRow estimatedBytes(long bytes) {
        return set("estimated_bytes", bytes);
    }

    public DataTypeRow sourceTimestampColumn(String column) {
        return set("source_timestamp_column", column);
    }

    public DataTypeRow maxAttempts(int attempts) {
        return set("max_attempts", attempts);
    }

    /** {@code off}, {@code shadow}, {@code live} (the default) or {@code paused}. */
    public DataTypeRow rolloutState(String state) {
        return set("rollout_state", state);
    }

    public void insert(TestSql sql) {
        insert(sql, "data_type");
    }
}
