package dev.freshet.shared.notify;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which configuration table changed: the table name from the config channel, or {@link #ALL}
 * after a reconnect, when any change may have been missed.
 */
@ApplicationScoped
public class ConfigChanges {

    public static final String ALL = "*";

    private final BroadcastProcessor<String> changes = BroadcastProcessor.create();

    public ConfigChanges(PgNotifications notifications) {
        notifications.channel(Channels.CONFIG).subscribe().with(changes::onNext);
        notifications.onResubscribe(Channels.CONFIG, () -> changes.onNext(ALL));
    }

    public Multi<String> of(String table) {
        return changes.filter(t -> t.equals(table) || t.equals(ALL));
    }
}
