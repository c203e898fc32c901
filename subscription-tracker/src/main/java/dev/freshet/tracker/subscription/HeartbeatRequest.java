package dev.freshet.tracker.subscription;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "Renew every live subscription of a client")
public record HeartbeatRequest(@Schema(required = true, example = "web-7f3a2c") String clientId) {
}
