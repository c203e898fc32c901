package dev.freshet.admin.rollout;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A rollout state change: the state to go to. */
public record RolloutRequest(
        @Schema(enumeration = {"off", "shadow", "live", "paused"}, example = "shadow") String state) {
}
