package dev.freshet.admin.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freshet.admin.common.Json;
import dev.freshet.shared.registry.DataType;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/** A registry row as the API shows it, with the effective freshness thresholds. */
@RegisterForReflection
public record DataTypeView(
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
        int ttlSeconds,
        String refreshMode,
        Integer scheduleIntervalSeconds,
        int priority,
        String tier,
        Integer warnAfterSeconds,
        Integer errorAfterSeconds,
        long effectiveWarnAfterSeconds,
        long effectiveErrorAfterSeconds,
        long estimatedBytes,
        String sourceTimestampColumn,
        int maxAttempts,
        String rolloutState,
        int version,
        Instant updatedAt,
        String updatedBy) {

    public static DataTypeView of(DataType d) {
        return new DataTypeView(d.dataType(), d.displayName(), d.provider(), d.handler(), Json.node(d.handlerConfig()),
                d.tableName(), d.timestampColumn(), d.symbolColumn(), d.keyColumns(), d.scope().sql(), d.ttlSeconds(),
                d.refreshMode().sql(), d.scheduleIntervalSeconds(), d.priority(), d.tier().sql(), d.warnAfterSeconds(),
                d.errorAfterSeconds(), d.warnAfter().toSeconds(), d.errorAfter().toSeconds(), d.estimatedBytes(),
                d.sourceTimestampColumn(), d.maxAttempts(), d.rolloutState().sql(), d.version(),
                d.updatedAt(), d.updatedBy());
    }
}
