package dev.freshet.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Map;
import java.util.Optional;

/**
 * Gives a Quarkus test application its own fresh database on the embedded (or external) PostgreSQL,
 * with the reactive URL for the services and the JDBC URL for Flyway. Dev Services stay off. Flyway
 * migrates as the server's superuser (the migration role); a service's application connects as a login
 * user of its service role ({@link ServiceRoles}), so its tests run with the grants it has in production.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile DatabaseCoordinates current;

    /** The database the running test application uses, for tests that prepare or inspect data. */
    public static DatabaseCoordinates current() {
        return current;
    }

    @Override
    public Map<String, String> start() {
        DatabaseCoordinates db = TestDatabases.fresh();
        current = db;
        Optional<String> group = ServiceRoles.groupOf(
                ConfigProvider.getConfig().getOptionalValue("quarkus.application.name", String.class).orElse(null));
        String user = group.map(g -> ServiceRoles.login(db, g)).orElse(db.user());
        String password = group.isPresent() ? ServiceRoles.PASSWORD : db.password();
        return Map.of(
                "quarkus.devservices.enabled", "false",
                "quarkus.datasource.devservices.enabled", "false",
                "quarkus.datasource.username", user,
                "quarkus.datasource.password", password,
                "quarkus.flyway.username", db.user(),
                "quarkus.flyway.password", db.password(),
                "quarkus.datasource.jdbc.url", db.jdbcUrl(),
                "quarkus.datasource.reactive.url", db.reactiveUrl(),
                "quarkus.flyway.migrate-at-start", "true");
    }

    @Override
    public void stop() {
        // the database is left for post-mortem inspection; the embedded server goes with the JVM
    }
}
