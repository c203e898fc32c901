package dev.freshet.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Gives a Quarkus test application its own fresh database on the embedded (or external) PostgreSQL,
 * with the reactive URL for the services and the JDBC URL for Flyway. Dev Services stay off.
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
        return Map.of(
                "quarkus.devservices.enabled", "false",
                "quarkus.datasource.devservices.enabled", "false",
                "quarkus.datasource.username", db.user(),
                "quarkus.datasource.password", db.password(),
                "quarkus.datasource.jdbc.url", db.jdbcUrl(),
                "quarkus.datasource.reactive.url", db.reactiveUrl(),
                "quarkus.flyway.migrate-at-start", "true");
    }

    @Override
    public void stop() {
        // the database is left for post-mortem inspection; the embedded server goes with the JVM
    }
}
