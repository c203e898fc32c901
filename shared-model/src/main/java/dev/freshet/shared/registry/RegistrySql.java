package dev.freshet.shared.registry;

import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/** Statements on the data type registry shared by every service. */
public final class RegistrySql {

    public static final String COLUMNS = """
            data_type, display_name, provider, handler, handler_config, table_name, timestamp_column,
            symbol_column, key_columns, scope, ttl_seconds, refresh_mode, schedule_interval_seconds, priority,
            tier, warn_after_seconds, error_after_seconds, estimated_bytes, source_timestamp_column,
            max_attempts, rollout_state, version, updated_at, updated_by""";

    public static final String SELECT_ALL = "select " + COLUMNS + " from data_type_registry order by data_type";

    public static final String SELECT_ONE = "select " + COLUMNS + " from data_type_registry where data_type = $1";

    private RegistrySql() {
    }

    public static DataType map(Row r) {
        OffsetDateTime updated = r.getOffsetDateTime("updated_at");
        Object handlerConfig = r.getValue("handler_config");
        return new DataType(
                r.getString("data_type"),
                r.getString("display_name"),
                r.getString("provider"),
                r.getString("handler"),
                handlerConfig instanceof JsonObject o ? o : new JsonObject(),
                r.getString("table_name"),
                r.getString("timestamp_column"),
                r.getString("symbol_column"),
                List.copyOf(Arrays.asList(r.getArrayOfStrings("key_columns"))),
                Scope.fromSql(r.getString("scope")),
                r.getInteger("ttl_seconds"),
                RefreshMode.fromSql(r.getString("refresh_mode")),
                r.getInteger("schedule_interval_seconds"),
                r.getInteger("priority"),
                Tier.fromSql(r.getString("tier")),
                r.getInteger("warn_after_seconds"),
                r.getInteger("error_after_seconds"),
                r.getLong("estimated_bytes"),
                r.getString("source_timestamp_column"),
                r.getInteger("max_attempts"),
                RolloutState.fromSql(r.getString("rollout_state")),
                r.getInteger("version"),
                updated == null ? null : updated.toInstant(),
                r.getString("updated_by"));
    }
}
