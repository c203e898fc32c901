package dev.freshet.processor.config;

import dev.freshet.shared.flags.FeatureFlags;
import dev.freshet.shared.notify.ConfigChanges;
import dev.freshet.shared.registry.Registry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.function.Supplier;

/**
 * Reloads the registry and flags on every change notification, keeping only the latest pending
 * change while a reload runs. The processor itself writes the registry (estimate corrections), so
 * bursts of notifications are normal here and must never stop the reloads.
 */
@ApplicationScoped
public class ConfigReloads {

    private static final Logger LOG = Logger.getLogger(ConfigReloads.class);

    private final ConfigChanges changes;
    private final Registry registry;
    private final FeatureFlags flags;

    public ConfigReloads(ConfigChanges changes, Registry registry, FeatureFlags flags) {
        this.changes = changes;
        this.registry = registry;
        this.flags = flags;
    }

    void onStart(@Observes StartupEvent event) {
        follow("data_type_registry", registry::reload);
        follow("feature_flags", flags::reload);
    }

    private void follow(String table, Supplier<Uni<Void>> reload) {
        changes.of(table).onOverflow().dropPreviousItems()
                .onItem().transformToUniAndConcatenate(t -> reload.get()
                        .onFailure().invoke(e -> LOG.warnf("reload of %s failed: %s", table, e.getMessage()))
                        .onFailure().recoverWithNull())
                .subscribe().with(x -> { }, e -> LOG.warnf("stopped following %s: %s", table, e.getMessage()));
    }
}
