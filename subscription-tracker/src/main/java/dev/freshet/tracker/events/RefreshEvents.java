package dev.freshet.tracker.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.freshet.shared.notify.Channels;
import dev.freshet.shared.notify.PgNotifications;
import dev.freshet.tracker.freshness.FreshnessService;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The processors' refresh notifications (one LISTEN connection per instance, shared), parsed once
 * and fanned out to every event stream. A notification also tells the freshness cache the pair is fresh.
 */
@ApplicationScoped
public class RefreshEvents {

    private static final Logger LOG = Logger.getLogger(RefreshEvents.class);

    private final PgNotifications notifications;
    private final FreshnessService freshness;
    private final ObjectMapper json;
    private final BroadcastProcessor<RefreshedEvent> events = BroadcastProcessor.create();

    public RefreshEvents(PgNotifications notifications, FreshnessService freshness, ObjectMapper json) {
        this.notifications = notifications;
        this.freshness = freshness;
        this.json = json;
    }

    void onStart(@Observes StartupEvent event) {
        notifications.channel(Channels.REFRESHED).subscribe().with(this::accept);
    }

    /** Refreshes from now on. */
    public Multi<RefreshedEvent> stream() {
        return events;
    }

    void accept(String payload) {
        RefreshedEvent e = parse(payload);
        if (e == null) {
            LOG.debugf("ignoring malformed refresh notification: %s", payload);
            return;
        }
        if (e.updatedAt() != null) {
            freshness.refreshed(e.dataType(), e.symbol(), e.updatedAt());
        }
        events.onNext(e);
    }

    RefreshedEvent parse(String payload) {
        try {
            JsonNode n = json.readTree(payload);
            if (n == null || !n.path("dataType").isTextual() || !n.path("symbol").isTextual()) {
                return null;
            }
            Instant updated = n.path("updatedAt").isTextual() ? Instant.parse(n.path("updatedAt").asText()) : null;
            return new RefreshedEvent(n.path("symbol").asText(), n.path("dataType").asText(), updated);
        } catch (java.io.IOException | DateTimeParseException e) {
            return null;
        }
    }
}
