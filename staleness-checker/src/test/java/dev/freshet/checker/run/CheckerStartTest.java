package dev.freshet.checker.run;

import dev.freshet.checker.history.HistoryMaintenance;
import dev.freshet.shared.flags.FeatureFlags;
import dev.freshet.shared.registry.Registry;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.StartupObservers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Tasks run against the registry and flags as the table holds them, never against the empty ones of a starting checker. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class CheckerStartTest {

    @Inject
    BeanManager beans;

    @Test
    void tasksAreScheduledAndRunAtStartOnlyOnceTheRegistryAndTheFlagsAreRead() {
        StartupObservers.of(beans).assertRunsAfter(CheckerSchedule.class, Registry.class, FeatureFlags.class);
        StartupObservers.of(beans).assertRunsAfter(HistoryMaintenance.class, Registry.class, FeatureFlags.class);
    }
}
