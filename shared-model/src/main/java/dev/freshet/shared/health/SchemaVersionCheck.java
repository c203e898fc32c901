package dev.freshet.shared.health;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * Ready only when the database answers and its schema is at the version this build expects (the
 * newest migration it ships), so a replica never serves against a schema it does not know.
 */
@Readiness
@ApplicationScoped
public class SchemaVersionCheck implements AsyncHealthCheck {

    static final String CURRENT_VERSION = """
            select version from flyway_schema_history
            where success and version is not null
            order by installed_rank desc limit 1""";

    private final Pool pool;
    private final Instance<Flyway> flyway;
    private volatile String expected;

    public SchemaVersionCheck(Pool pool, Instance<Flyway> flyway) {
        this.pool = pool;
        this.flyway = flyway;
    }

    void onStart(@Observes StartupEvent event) {
        // the newest versioned migration: repeatable ones (R__) have no version
        expected = Arrays.stream(flyway.get().info().all()).map(MigrationInfo::getVersion).filter(Objects::nonNull)
                .reduce((first, second) -> second).map(MigrationVersion::getVersion).orElse(null);
    }

    public String expectedVersion() {
        return expected;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return pool.query(CURRENT_VERSION).execute()
                .ifNoItem().after(Duration.ofSeconds(3)).fail()
                .map(rows -> {
                    String actual = rows.size() == 0 ? null : rows.iterator().next().getString("version");
                    // a newer schema is fine: during a rolling upgrade the new version migrates first
                    boolean up = expected != null && actual != null
                            && MigrationVersion.fromVersion(actual).isAtLeast(expected);
                    return HealthCheckResponse.named("schema").status(up)
                            .withData("expected", String.valueOf(expected))
                            .withData("actual", String.valueOf(actual))
                            .build();
                })
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("schema").down()
                        .withData("error", String.valueOf(e.getMessage())).build());
    }
}
