package dev.freshet.shared.flags;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

public record FeatureFlag(String name, boolean enabled, String description, JsonObject metadata,
                          Instant updatedAt, String updatedBy) {

    /**
     * Whether the flag is on for one data type: a per-data-type override in
     * {@code metadata.dataTypes} wins over the global value.
     */
    public boolean enabledFor(String dataType) {
        JsonObject perType = metadata == null ? null : metadata.getJsonObject("dataTypes");
        if (perType != null && dataType != null && perType.getValue(dataType) instanceof Boolean b) {
            return b;
        }
        return enabled;
    }
}
