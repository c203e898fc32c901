package dev.freshet.benchmark;

import dev.freshet.launcher.LaunchOptions;
import dev.freshet.launcher.LocalDatabase;
import dev.freshet.launcher.PortCheck;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A benchmark test class's own embedded PostgreSQL, started as the launcher starts one ({@code db --reset}) on a free
 * port in a directory of its own before the class's {@code @BeforeAll}, and stopped and removed after its {@code @AfterAll}:
 * {@code @RegisterExtension static final BenchTestDatabase DATABASE = new BenchTestDatabase();}
 */
public final class BenchTestDatabase implements BeforeAllCallback, AfterAllCallback {

    private Path home;
    private LocalDatabase database;

    /** The running database; only between the class's start and end. */
    public LocalDatabase database() {
        if (database == null) {
            throw new IllegalStateException("the test database runs only while its test class does");
        }
        return database;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        home = Files.createTempDirectory("freshet-bench-db");
        database = LocalDatabase.open(LaunchOptions.parse(new String[] {"db", "--home", home.toString(), "--reset",
                "--db-port", String.valueOf(PortCheck.freePort())}, Path.of("..").toAbsolutePath().normalize()));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (database != null) {
                database.close();
            }
        } finally {
            database = null;
            deleteTree(home);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
