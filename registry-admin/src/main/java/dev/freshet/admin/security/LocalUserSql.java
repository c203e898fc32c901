package dev.freshet.admin.security;

/** Statements on the generated local users. */
final class LocalUserSql {

    /** $1 username, $2 role, $3 password_hash. Returns a row only when this call created the user. */
    static final String INSERT_IF_ABSENT = """
            insert into admin_local_users (username, role, password_hash) values ($1, $2, $3)
            on conflict (username) do nothing
            returning username""";

    /** $1 username. */
    static final String FIND = "select username, role, password_hash from admin_local_users where username = $1";

    private LocalUserSql() {
    }
}
