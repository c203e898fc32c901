package dev.freshet.launcher;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One login user per service in its service role (the NOLOGIN groups the V300 migration creates), with a
 * password new at every start: the local stack runs each service with exactly its production grants,
 * never as the database superuser that migrated.
 */
public final class ServiceLogins {

    /** A service's database credentials. */
    public record Login(String user, String password) {
    }

    private ServiceLogins() {
    }

    /** @return service name to its login; empty when the database user may not create roles (then services use it as given) */
    public static Map<String, Login> create(LocalDatabase db) throws SQLException {
        Map<String, Login> logins = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement st = c.createStatement()) {
            if (!canCreateRoles(st)) {
                return Map.of();
            }
            for (String service : LaunchOptions.SERVICES) {
                String group = "freshet_" + LaunchOptions.shortName(service);
                Login login = new Login(group + "_local", password());
                // the password is random base64url: nothing to escape
                st.execute("""
                        do $$
                        begin
                            if exists (select 1 from pg_roles where rolname = '%1$s') then
                                alter role %1$s login password '%2$s';
                            else
                                create role %1$s login password '%2$s' in role %3$s;
                            end if;
                        end $$""".formatted(login.user(), login.password(), group));
                logins.put(service, login);
            }
        }
        return logins;
    }

    private static boolean canCreateRoles(Statement st) throws SQLException {
        try (var rs = st.executeQuery("select rolsuper or rolcreaterole from pg_roles where rolname = current_user")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static String password() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
