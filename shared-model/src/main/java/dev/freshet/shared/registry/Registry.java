package dev.freshet.shared.registry;

import dev.freshet.shared.notify.ConfigChanges;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The registry as every service sees it: held in memory, reloaded whenever the table changes
 * (a trigger notifies), so a change made anywhere reaches every replica within a second.
 */
@ApplicationScoped
public class Registry {

    private static final Logger LOG = Logger.getLogger(Registry.class);

    private final Pool pool;
    private final ConfigChanges changes;
    private volatile Map<String, DataType> byName = Map.of();

    public Registry(Pool pool, ConfigChanges changes) {
        this.pool = pool;
        this.changes = changes;
    }

    void onStart(@Observes StartupEvent event) {
        changes.of("data_type_registry").onItem().transformToUniAndConcatenate(t -> reload()
                        .onFailure().invoke(e -> LOG.warnf("registry reload failed: %s", e.getMessage()))
                        .onFailure().recoverWithNull())
                .subscribe().with(x -> { });
        reload().await().atMost(Duration.ofSeconds(30));
    }

    public Uni<Void> reload() {
        return pool.query(RegistrySql.SELECT_ALL).execute().map(rows -> {
            Map<String, DataType> loaded = new LinkedHashMap<>();
            for (Row r : rows) {
                DataType dt = RegistrySql.map(r);
                loaded.put(dt.dataType(), dt);
            }
            byName = Map.copyOf(loaded);
            LOG.debugf("registry loaded: %d data types", loaded.size());
            return null;
        });
    }

    public Optional<DataType> find(String dataType) {
        return Optional.ofNullable(dataType == null ? null : byName.get(dataType));
    }

    public Collection<DataType> all() {
        return byName.values();
    }
}
