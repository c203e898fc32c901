package dev.freshet.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;

/**
 * The database role each service runs under (created by the V300 migration as NOLOGIN groups), and one
 * login user per group for tests, so a service's test application reads and writes with exactly its
 * service's grants while Flyway and the tests' own SQL use the server's superuser.
 */
public final class ServiceRoles {

    /** Application name to group role. */
    public static final Map<String, String> GROUPS = Map.of(
            "subscription-tracker", "freshet_tracker",
            "queue-processor", "freshet_processor",
            "staleness-checker", "freshet_checker",
            "registry-admin", "freshet_admin");

    /** The test login users' password: the embedded server listens on localhost only and lives with the JVM. */
    public static final String PASSWORD = "freshet-test-role";

    private ServiceRoles() {
    }

    /** One row: {@code member_of}, the roles the current user is a member of (comma-separated); {@code powerful}, superuser or CREATEROLE. */
    public static final String WHO_AM_I = """
            select (select string_agg(g.rolname, ',' order by g.rolname) from pg_auth_members m
                      join pg_roles g on g.oid = m.roleid join pg_roles u on u.oid = m.member
                     where u.rolname = current_user) as member_of,
                   (select rolsuper or rolcreaterole from pg_roles where rolname = current_user) as powerful""";

    /** The SQLSTATE of a refused privilege. */
    public static final String REFUSED = "42501";

    public static Optional<String> groupOf(String applicationName) {
        return Optional.ofNullable(applicationName).map(GROUPS::get);
    }

    /**
     * Creates the group (as the migration would: it skips existing ones) and a login user in it, once per server.
     *
     * @return the login user's name
     */
    public static synchronized String login(DatabaseCoordinates db, String group) {
        String login = group + "_test";
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement st = c.createStatement()) {
            st.execute("""
                    do $$
                    begin
                        if not exists (select 1 from pg_roles where rolname = '%1$s') then
                            create role %1$s nologin;
                        end if;
                        if not exists (select 1 from pg_roles where rolname = '%2$s') then
                            create role %2$s login password '%3$s' in role %1$s;
                        end if;
                    exception when duplicate_object or unique_violation then
                        null;
                    end $$""".formatted(group, login, PASSWORD));
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the test login of " + group + ": " + e.getMessage(), e);
        }
        return login;
    }

    /**
     * Runs a statement as {@code role} (the superuser's SET ROLE: the same privileges a login in that role has) in a
     * transaction that is rolled back. Statements with {@code where false} touch nothing: privileges are checked first.
     *
     * @return the SQLSTATE the statement failed with ({@link #REFUSED} for a missing privilege), or null when it ran
     */
    public static String refusal(DatabaseCoordinates db, String role, String statement) {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("set local role " + role);
                st.execute(statement);
                return null;
            } catch (SQLException e) {
                return e.getSQLState();
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not connect to " + db.database() + ": " + e.getMessage(), e);
        }
    }
}
