package dev.freshet.admin.quotas;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A provider's limits; a window left out (null) is not enforced. {@code version} is required to change an existing quota.
 * Known symbols: {@code universeDataType} names the enabled global data type of the provider that loads its symbol
 * universe ({@code ""} removes it); {@code notFoundBaseSeconds} / {@code notFoundMaxSeconds} are the negative cache's
 * backoff. Each of these three left out keeps its current value (the default on create).
 */
@RegisterForReflection
public record QuotaRequest(Integer callsPerMinute, Integer callsPerDay, Long bytesPerWindow, Integer bytesWindowSeconds,
                           Double safetyMarginPct, Double onDemandReservePct, Integer maxConcurrency,
                           Integer requestTimeoutMs, Integer version, String universeDataType,
                           Integer notFoundBaseSeconds, Integer notFoundMaxSeconds) {
}
