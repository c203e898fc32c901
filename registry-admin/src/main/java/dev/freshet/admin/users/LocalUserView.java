package dev.freshet.admin.users;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/**
 * A local user of the admin API. {@code source} is {@code configuration} (password from the
 * environment, changed there) or {@code stored} (a hash in the database, rotated or deleted here).
 */
@RegisterForReflection
public record LocalUserView(String username, String role, String source, boolean generated, Instant createdAt,
                            Instant passwordChangedAt) {
}
