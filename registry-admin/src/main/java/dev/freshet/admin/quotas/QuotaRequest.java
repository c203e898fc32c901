package dev.freshet.admin.quotas;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A provider's limits; a window left out (null) is not enforced. {@code version} is required to change an existing quota. */
@RegisterForReflection
public record QuotaRequest(Integer callsPerMinute, Integer callsPerDay, Long bytesPerWindow, Integer bytesWindowSeconds,
                           Double safetyMarginPct, Double onDemandReservePct, Integer maxConcurrency,
                           Integer requestTimeoutMs, Integer version) {
}
