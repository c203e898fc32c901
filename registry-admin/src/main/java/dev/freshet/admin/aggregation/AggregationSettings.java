package dev.freshet.admin.aggregation;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A task's settings after a change. */
@RegisterForReflection
public record AggregationSettings(String symbol, String timeframe, boolean enabled, int taskPriority, boolean mandatory) {
}
