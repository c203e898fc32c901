package dev.freshet.admin.security;

/** The two roles of the admin API: viewers read, admins read and write. */
public final class Roles {

    public static final String VIEWER = "viewer";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
