package dev.freshet.launcher;

import org.flywaydb.core.Flyway;

/** Migrates once before the services start, so they only validate and none of them races another. */
public final class Migrations {

    /** @param version the schema version after migrating; {@code applied} how many migrations ran now */
    public record Outcome(String version, int applied) {
    }

    private Migrations() {
    }

    public static Outcome apply(LocalDatabase db) {
        Flyway flyway = Flyway.configure()
                .dataSource(db.jdbcUrl(), db.user(), db.password())
                .locations("classpath:db/migration")
                .load();
        int applied = flyway.migrate().migrationsExecuted;
        var current = flyway.info().current();
        return new Outcome(current == null || current.getVersion() == null ? "none" : current.getVersion().getVersion(), applied);
    }
}
