package dev.freshet.admin.users;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The answer to a rotation: the generated password, present only when Freshet chose it. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RotatedPassword(String username, String role, String password) {
}
