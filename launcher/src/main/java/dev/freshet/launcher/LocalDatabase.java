package dev.freshet.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/** The database of a local run: an embedded PostgreSQL whose files survive restarts, or an external one. */
public final class LocalDatabase implements AutoCloseable {

    public static final String DATABASE = "freshet";

    private EmbeddedPostgres embedded;
    private final boolean stopAtExit;
    private final Path dataDir;
    private final int port;
    private final String url;
    private final String user;
    private final String password;

    private LocalDatabase(EmbeddedPostgres embedded, boolean stopAtExit, Path dataDir, int port, String url, String user, String password) {
        this.embedded = embedded;
        this.stopAtExit = stopAtExit;
        this.dataDir = dataDir;
        this.port = port;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** The database of {@code options}; an embedded server stops itself when this JVM exits. */
    public static LocalDatabase open(LaunchOptions options) throws IOException, SQLException {
        return open(options, true);
    }

    /**
     * The database of {@code options}. With {@code stopAtExit} false an embedded server has no shutdown hook of its own
     * and its owner stops it ({@link LocalStack}, after the services): JVM shutdown hooks run at the same time, so the
     * server's own hook stopped it under the services still using it, and every one of them logged its connections cut.
     */
    public static LocalDatabase open(LaunchOptions options, boolean stopAtExit) throws IOException, SQLException {
        if (!options.embeddedDatabase()) {
            return new LocalDatabase(null, false, null, 0, options.databaseUrl(), options.databaseUser(), options.databasePassword());
        }
        Path dataDir = options.home().resolve("pgdata");
        if (options.reset() && Files.exists(dataDir)) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(dataDir.getParent());
        EmbeddedPostgres pg = startEmbedded(dataDir, options.databasePort(), stopAtExit);
        String url = "postgresql://localhost:" + pg.getPort() + "/" + DATABASE;
        LocalDatabase db = new LocalDatabase(pg, stopAtExit, dataDir, pg.getPort(), url, "postgres", "postgres");
        db.createDatabaseIfMissing();
        return db;
    }

    private static EmbeddedPostgres startEmbedded(Path dataDir, int port, boolean stopAtExit) throws IOException {
        return EmbeddedPostgres.builder()
                .setRegisterShutdownHook(stopAtExit)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("max_connections", "200")
                .start();
    }

    /**
     * Stops the embedded server (clients lose their connections) and starts it again on the same
     * port and data directory, as an operator's restart would; {@code down} runs while it is stopped.
     */
    public void restart(Runnable down) throws IOException {
        if (embedded == null) {
            throw new IllegalStateException("only the embedded database can be restarted");
        }
        embedded.close();
        embedded = null;
        try {
            down.run();
        } finally {
            embedded = startEmbedded(dataDir, port, stopAtExit);
        }
    }

    private void createDatabaseIfMissing() throws SQLException {
        String admin = "jdbc:postgresql://localhost:" + embedded.getPort() + "/postgres";
        try (Connection c = DriverManager.getConnection(admin, user, password);
             PreparedStatement ps = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            ps.setString(1, DATABASE);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    try (Statement st = c.createStatement()) {
                        st.execute("create database " + DATABASE);
                    }
                }
            }
        }
    }

    public boolean embedded() {
        return dataDir != null;
    }

    /** postgresql://host:port/db, the form the services take in FRESHET_DB_URL. */
    public String url() {
        return url;
    }

    public String jdbcUrl() {
        return "jdbc:" + url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }
}
