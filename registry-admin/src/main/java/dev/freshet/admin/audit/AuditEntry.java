package dev.freshet.admin.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

@RegisterForReflection
public record AuditEntry(long auditId, Instant at, String actor, String entityType, String entityId, String action,
                         JsonNode before, JsonNode after) {
}
