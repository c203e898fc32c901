package dev.freshet.admin.security;

/** Statements on the stored local users; every change writes its audit row in the same statement. */
final class LocalUserSql {

    /** $1 username, $2 role, $3 password_hash. Returns a row only when this call created the (generated) user. */
    static final String INSERT_IF_ABSENT = """
            insert into admin_local_users (username, role, password_hash, generated) values ($1, $2, $3, true)
            on conflict (username) do nothing
            returning username""";

    /** $1 username. */
    static final String FIND = "select username, role, password_hash from admin_local_users where username = $1";

    static final String LIST = """
            select username, role, generated, created_at, password_changed_at from admin_local_users order by username""";

    /**
     * Removes the generated users and any stored user named like the configured admin, once a
     * password is configured: the generated password must stop working. $1 configured admin, $2 actor.
     */
    static final String REVOKE_GENERATED = """
            with gone as (
                delete from admin_local_users where generated or username = $1 returning username, role, generated
            ), audit as (
                insert into audit_log (actor, entity_type, entity_id, action, before, after)
                select $2, 'local_user', username, 'revoke',
                       jsonb_build_object('username', username, 'role', role, 'generated', generated), null
                from gone
            )
            select username from gone order by username""";

    /** $1 username, $2 new password_hash, $3 actor. A row when the user exists. */
    static final String ROTATE = """
            with up as (
                update admin_local_users set password_hash = $2, generated = false, password_changed_at = now()
                where username = $1 returning username, role
            ), audit as (
                insert into audit_log (actor, entity_type, entity_id, action, before, after)
                select $3, 'local_user', username, 'rotate_password', jsonb_build_object('username', username, 'role', role),
                       jsonb_build_object('username', username, 'role', role)
                from up
            )
            select username, role from up""";

    /** $1 username, $2 actor. A row when the user existed. */
    static final String DELETE = """
            with gone as (
                delete from admin_local_users where username = $1 returning username, role, generated
            ), audit as (
                insert into audit_log (actor, entity_type, entity_id, action, before, after)
                select $2, 'local_user', username, 'delete',
                       jsonb_build_object('username', username, 'role', role, 'generated', generated), null
                from gone
            )
            select username from gone""";

    private LocalUserSql() {
    }
}
