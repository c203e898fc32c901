package dev.freshet.admin.flags;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** @param metadata e.g. {"dataTypes": {"quote": false}} for a per-data-type override; left out keeps the current one */
@RegisterForReflection
public record FlagRequest(Boolean enabled, String description, JsonNode metadata) {
}
