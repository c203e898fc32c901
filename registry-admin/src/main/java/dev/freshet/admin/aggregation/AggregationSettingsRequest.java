package dev.freshet.admin.aggregation;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A task's settings to change; a field left out keeps its value. */
@RegisterForReflection
public record AggregationSettingsRequest(Boolean enabled, Integer taskPriority, Boolean mandatory) {
}
