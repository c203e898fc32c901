package dev.freshet.admin.registry;

import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;

/**
 * A data type request that passed every check, in the column order of {@link RegistryAdminSql#WRITABLE};
 * {@code rolloutState} null when the request left it out.
 */
record ValidDataType(
        String dataType, String displayName, String provider, String handler, JsonObject handlerConfig,
        String tableName, String timestampColumn, String symbolColumn, List<String> keyColumns, String scope,
        int ttlSeconds, String refreshMode, Integer scheduleIntervalSeconds, int priority, String tier,
        Integer warnAfterSeconds, Integer errorAfterSeconds, long estimatedBytes, String sourceTimestampColumn,
        int maxAttempts, String rolloutState) {

    List<Object> columns() {
        return Arrays.asList(dataType, displayName, provider, handler, handlerConfig, tableName, timestampColumn,
                symbolColumn, keyColumns.toArray(String[]::new), scope, ttlSeconds, refreshMode, scheduleIntervalSeconds,
                priority, tier, warnAfterSeconds, errorAfterSeconds, estimatedBytes, sourceTimestampColumn, maxAttempts,
                rolloutState);
    }
}
