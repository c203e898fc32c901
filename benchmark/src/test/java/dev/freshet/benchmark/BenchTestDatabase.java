package dev.freshet.benchmark;

import dev.freshet.launcher.LaunchOptions;
import dev.freshet.launcher.LocalDatabase;
import dev.freshet.launcher.PortCheck;

import java.nio.file.Path;

/** A benchmark test's own embedded PostgreSQL, started as the launcher starts one ({@code db --reset}) on a free port. */
public final class BenchTestDatabase {

    private BenchTestDatabase() {
    }

    public static LocalDatabase open(Path home) throws Exception {
        return LocalDatabase.open(LaunchOptions.parse(new String[] {"db", "--home", home.toString(), "--reset",
                "--db-port", String.valueOf(PortCheck.freePort())}, Path.of("..").toAbsolutePath().normalize()));
    }
}
