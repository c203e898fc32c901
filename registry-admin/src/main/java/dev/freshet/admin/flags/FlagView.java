package dev.freshet.admin.flags;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freshet.admin.common.Json;
import dev.freshet.shared.flags.FeatureFlag;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

@RegisterForReflection
public record FlagView(String name, boolean enabled, String description, JsonNode metadata, Instant updatedAt,
                       String updatedBy) {

    static FlagView of(FeatureFlag f) {
        return new FlagView(f.name(), f.enabled(), f.description(), Json.node(f.metadata()), f.updatedAt(), f.updatedBy());
    }
}
