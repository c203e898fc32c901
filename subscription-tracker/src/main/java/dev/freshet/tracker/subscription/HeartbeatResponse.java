package dev.freshet.tracker.subscription;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/** @param renewed live subscriptions renewed (lapsed ones are gone and must be subscribed again) */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HeartbeatResponse(String clientId, int renewed, Instant expiresAt, String note) {
}
