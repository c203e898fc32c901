package dev.freshet.admin.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * A data type as an admin writes it. Everything is boxed so a missing field is reported by name
 * instead of silently defaulting; {@code version} is required on update (optimistic locking).
 */
@RegisterForReflection
public record DataTypeRequest(
        String dataType,
        String displayName,
        String provider,
        String handler,
        JsonNode handlerConfig,
        String tableName,
        String timestampColumn,
        String symbolColumn,
        List<String> keyColumns,
        String scope,
        Integer ttlSeconds,
        String refreshMode,
        Integer scheduleIntervalSeconds,
        Integer priority,
        String tier,
        Integer warnAfterSeconds,
        Integer errorAfterSeconds,
        Long estimatedBytes,
        String sourceTimestampColumn,
        Integer maxAttempts,
        String rolloutState,
        Integer version) {
}
