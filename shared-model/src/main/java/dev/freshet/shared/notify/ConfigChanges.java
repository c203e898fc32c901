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

    /**
     * Changes of one table. A subscriber that is still busy (reloading) keeps only the newest
     * change: every change means "reload everything", and a burst must never overflow the stream.
     */
    public Multi<String> of(String table) {
        return changes.filter(t -> t.equals(table) || t.equals(ALL)).onOverflow().dropPreviousItems();
    }
}
