package dev.freshet.tracker.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.freshet.shared.notify.Channels;
import dev.freshet.shared.tracing.TraceContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import dev.freshet.shared.notify.PgNotifications;
import dev.freshet.tracker.freshness.FreshnessService;
import io.quarkus.runtime.StartupEvent;
import dev.freshet.tracker.config.TrackerConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.time.format.DateTimeParseException;

/**
 * The processors' refresh notifications (one LISTEN connection per instance, shared), parsed once,
 * numbered and fanned out to every event stream. A notification also tells the freshness cache the
 * pair is fresh. The recent ones are kept ({@link ReplayBuffer}) so a stream that reconnects with the
 * id of the last event it saw gets the ones it missed, each exactly once.
 */
@ApplicationScoped
public class RefreshEvents {

    private static final Logger LOG = Logger.getLogger(RefreshEvents.class);

    private final PgNotifications notifications;
    private final FreshnessService freshness;
    private final ObjectMapper json;
    private final BroadcastProcessor<ReplayBuffer.Stamped> events = BroadcastProcessor.create();
    private final ReplayBuffer buffer;
    private final Tracer tracer;

    public RefreshEvents(PgNotifications notifications, FreshnessService freshness, ObjectMapper json,
                         TrackerConfig config, Clock clock, Tracer tracer) {
        this.tracer = tracer;
        this.notifications = notifications;
        this.freshness = freshness;
        this.json = json;
        this.buffer = new ReplayBuffer(config.events().replayBuffer(), config.events().replayWindow(), clock);
    }

    void onStart(@Observes StartupEvent event) {
        notifications.channel(Channels.REFRESHED).subscribe().with(this::accept);
    }

    /**
     * A stream's items: its start, then the refreshes after the given id (the ones still buffered
     * first, then live ones), or, without an id or when it cannot be resumed, from now on. The live
     * subscription is made before the buffer is read and each refresh is passed on only when newer
     * than the last one sent, so none is lost or sent twice in between.
     */
    Multi<StreamItem> follow(String lastEventId) {
        return Multi.createFrom().emitter(emitter -> {
            Object lock = new Object();
            long[] sent = new long[1];
            Consumer<ReplayBuffer.Stamped> pass = s -> {
                synchronized (lock) {
                    if (s.seq() > sent[0]) {
                        sent[0] = s.seq();
                        emitter.emit(new StreamItem.Refresh(s));
                    }
                }
            };
            synchronized (lock) {
                Cancellable live = events.subscribe().with(pass, emitter::fail, emitter::complete);
                emitter.onTermination(live::cancel);
                Optional<Long> from = lastEventId == null ? Optional.empty() : buffer.resumable(lastEventId);
                long start = from.orElseGet(buffer::position);
                String reset = lastEventId == null || from.isPresent() ? null
                        : "the events after the last one you saw are no longer kept here; re-read the state of what you show";
                sent[0] = start;
                emitter.emit(new StreamItem.Start(buffer.id(start), from.isPresent(), reset));
                buffer.after(start).forEach(pass);
            }
        });
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
        Span span = tracer.spanBuilder("refreshed event").setParent(TraceContext.parent(traceParent(payload)))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("freshet.data_type", e.dataType()).setAttribute("freshet.symbol", e.symbol())
                .startSpan();
        try {
            events.onNext(buffer.append(e));
        } finally {
            span.end();
        }
    }

    /** The trace context the processor passed on from the job (the request that queued it), or null. */
    private String traceParent(String payload) {
        try {
            JsonNode n = json.readTree(payload).path("traceParent");
            return n.isTextual() ? n.asText() : null;
        } catch (java.io.IOException e) {
            return null;
        }
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
