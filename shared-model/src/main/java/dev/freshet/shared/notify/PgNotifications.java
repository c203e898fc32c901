package dev.freshet.shared.notify;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One dedicated LISTEN connection per service instance, shared by every feature that wants
 * notifications. It reconnects on its own; after a reconnect, listeners are told so that they can
 * catch up on whatever was notified while the connection was down.
 */
@ApplicationScoped
public class PgNotifications {

    private static final Logger LOG = Logger.getLogger(PgNotifications.class);

    private final Vertx vertx;
    private final String url;
    private final Optional<String> user;
    private final Optional<String> password;
    private final Map<String, BroadcastProcessor<String>> channels = new ConcurrentHashMap<>();
    private final Map<String, List<Runnable>> resubscribeListeners = new ConcurrentHashMap<>();
    private final Set<String> subscribedOnce = ConcurrentHashMap.newKeySet();
    private PgSubscriber subscriber;

    public PgNotifications(Vertx vertx,
                           @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                           @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
                           @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.url = url.split(",")[0].trim();
        this.user = user;
        this.password = password;
    }

    /** A hot stream of the payloads notified on the channel from now on. */
    public Multi<String> channel(String name) {
        return channels.computeIfAbsent(name, n -> {
            BroadcastProcessor<String> processor = BroadcastProcessor.create();
            subscriber().channel(n).handler(processor::onNext).subscribeHandler(() -> {
                if (!subscribedOnce.add(n)) {
                    LOG.infof("listening again on %s after a reconnect; its listeners catch up", n);
                    resubscribeListeners.getOrDefault(n, List.of()).forEach(Runnable::run);
                }
            });
            return processor;
        });
    }

    /**
     * Runs after the channel is listened to again following a lost connection (not the first time):
     * notifications may have been missed meanwhile.
     */
    public void onResubscribe(String channel, Runnable listener) {
        resubscribeListeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(listener);
    }

    private synchronized PgSubscriber subscriber() {
        if (subscriber == null) {
            PgConnectOptions options = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:") ? url.substring(15) : url);
            user.ifPresent(options::setUser);
            password.ifPresent(options::setPassword);
            // its own client name, so its metrics do not collide with the pool's (Micrometer warns and drops them)
            options.setMetricsName("freshet-notifications");
            subscriber = PgSubscriber.subscriber(vertx, options)
                    .reconnectPolicy(retries -> 500L);
            subscriber.connect().subscribe().with(
                    ok -> LOG.debugf("listening for notifications on %s", options.getDatabase()),
                    failure -> LOG.warnf("notification connection failed, retrying: %s", failure.getMessage()));
        }
        return subscriber;
    }

    void onStop(@Observes ShutdownEvent event) {
        PgSubscriber s;
        synchronized (this) {
            s = subscriber;
            subscriber = null;
        }
        if (s != null) {
            s.closeAndForget();
        }
    }
}
