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
}
