package dev.freshet.admin.users;

/** A new password; left out, one is generated and answered once. */
public record PasswordRequest(String password) {
}
