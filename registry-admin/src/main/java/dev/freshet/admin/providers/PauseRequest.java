package dev.freshet.admin.providers;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Why a provider is paused (optional, shown to other operators). */
@RegisterForReflection
public record PauseRequest(String reason) {
}
