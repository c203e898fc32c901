package dev.freshet.shared.flags;

import dev.freshet.shared.notify.ConfigChanges;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Feature flags held in memory and reloaded on every change (NOTIFY), so flips need no restart. */
@ApplicationScoped
public class FeatureFlags {

    private static final Logger LOG = Logger.getLogger(FeatureFlags.class);

    static final String SELECT_ALL = """
            select flag_name, enabled, description, metadata, updated_at, updated_by
            from feature_flags order by flag_name""";

    private final Pool pool;
    private final ConfigChanges changes;
    private volatile Map<String, FeatureFlag> byName = Map.of();

    public FeatureFlags(Pool pool, ConfigChanges changes) {
        this.pool = pool;
        this.changes = changes;
    }

    void onStart(@Observes StartupEvent event) {
        changes.of("feature_flags").onItem().transformToUniAndConcatenate(t -> reload()
                        .onFailure().invoke(e -> LOG.warnf("flag reload failed: %s", e.getMessage()))
                        .onFailure().recoverWithNull())
                .subscribe().with(x -> { });
        reload().await().atMost(Duration.ofSeconds(30));
    }

    public Uni<Void> reload() {
        return pool.query(SELECT_ALL).execute().map(rows -> {
            Map<String, FeatureFlag> loaded = new LinkedHashMap<>();
            for (Row r : rows) {
                FeatureFlag f = map(r);
                loaded.put(f.name(), f);
            }
            byName = Map.copyOf(loaded);
            return null;
        });
    }

    public static FeatureFlag map(Row r) {
        Object metadata = r.getValue("metadata");
        OffsetDateTime updated = r.getOffsetDateTime("updated_at");
        return new FeatureFlag(r.getString("flag_name"), r.getBoolean("enabled"), r.getString("description"),
                metadata instanceof JsonObject o ? o : new JsonObject(),
                updated == null ? null : updated.toInstant(), r.getString("updated_by"));
    }

    /** A flag that does not exist is off: new behaviour stays dark until someone turns it on. */
    public boolean enabled(String flag) {
        FeatureFlag f = byName.get(flag);
        return f != null && f.enabled();
    }

    public boolean enabled(String flag, String dataType) {
        FeatureFlag f = byName.get(flag);
        return f != null && f.enabledFor(dataType);
    }

    public Optional<FeatureFlag> find(String flag) {
        return Optional.ofNullable(byName.get(flag));
    }

    public Collection<FeatureFlag> all() {
        return byName.values();
    }
}
