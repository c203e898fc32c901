package dev.freshet.tracker.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.freshet.shared.problem.Problem;
import dev.freshet.shared.problem.ProblemException;
import dev.freshet.tracker.config.TrackerConfig;
import dev.freshet.tracker.guard.Caller;
import dev.freshet.tracker.guard.ClientGuard;
import dev.freshet.tracker.request.RequestRules;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Server-sent events: a {@code refreshed} event per committed refresh of a requested symbol, within
 * milliseconds of the commit (LISTEN/NOTIFY, no polling), and a comment every heartbeat interval so
 * proxies keep the stream open. Every refresh carries an id, and so does the {@code connected}
 * comment (the position the stream starts at): a client reconnecting with the last id it saw
 * ({@code Last-Event-ID}, which {@code EventSource} sends by itself, or {@code ?lastEventId=}) first
 * gets the refreshes it missed, once each, or a {@code reset} event when they are no longer kept.
 * When the client goes away the stream is cancelled and its subscription to the notifications ends with it.
 */
@Path("/v1/events")
@Tag(name = "events")
public class EventsResource {

    private final RefreshEvents events;
    private final RequestRules rules;
    private final ClientGuard guard;
    private final TrackerConfig config;
    private final ObjectMapper json;
    private final StreamSlots slots;

    public EventsResource(RefreshEvents events, RequestRules rules, ClientGuard guard, TrackerConfig config,
                          ObjectMapper json, StreamSlots slots, MeterRegistry meters) {
        this.events = events;
        this.rules = rules;
        this.guard = guard;
        this.config = config;
        this.json = json;
        this.slots = slots;
        Gauge.builder("freshet_tracker_event_streams", slots, StreamSlots::open)
                .description("Open server-sent event streams").register(meters);
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Refresh events for some symbols",
            description = "Events: `connected` (id: the position the stream starts at, data: {\"id\",\"resumed\"}; also a "
                    + "`:connected` comment) on open; `refreshed` (id: <position>, data: {\"symbol\",\"dataType\",\"updatedAt\"}) "
                    + "per committed refresh; `reset` (data: {\"reason\"}) when a reconnect could not be resumed, so the client must "
                    + "re-read the states it shows. A `:keep-alive` comment every events.heartbeat. Reconnect with the last id seen as "
                    + "Last-Event-ID (EventSource does this itself) or ?lastEventId= to get the refreshes missed meanwhile, each once "
                    + "(kept for events.replay-window, at most events.replay-buffer, per tracker instance). Use symbol * for the "
                    + "global data types. Browsers' EventSource cannot set headers: pass the client token as ?token=.")
    @APIResponse(responseCode = "200", description = "text/event-stream")
    @APIResponse(responseCode = "400", description = "invalid symbols or data types",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "rate limit, or the client already holds events.max-streams-per-client streams; see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "this instance serves events.max-streams streams; see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Multi<OutboundSseEvent> stream(@Parameter(description = "comma-separated symbols", example = "AAPL,MSFT")
                                          @QueryParam("symbols") String symbols,
                                          @Parameter(description = "optional comma-separated data types to narrow the stream")
                                          @QueryParam("dataTypes") String dataTypes,
                                          @QueryParam("token") String tokenParam,
                                          @Parameter(description = "the id of the last event seen, when reopening a stream (else the Last-Event-ID header)")
                                          @QueryParam("lastEventId") String lastEventIdParam,
                                          @HeaderParam("Last-Event-ID") String lastEventIdHeader,
                                          @HeaderParam("Authorization") String authorization,
                                          @HeaderParam("X-Client-Id") String clientHeader,
                                          @Context HttpServerRequest request,
                                          @Context Sse sse) {
        Caller caller = guard.admitAnonymous(authorization, tokenParam, clientHeader, request);
        List<String> raw = RequestRules.csv(symbols);
        if (raw.isEmpty()) {
            throw ProblemException.badRequest("symbols must name at least one symbol (or * for global data types)");
        }
        if (raw.size() > config.limits().maxEventSymbols()) {
            throw ProblemException.badRequest("symbols holds " + raw.size() + " entries, at most "
                    + config.limits().maxEventSymbols() + " are allowed");
        }
        Set<String> wanted = new HashSet<>();
        raw.forEach(s -> wanted.add(rules.symbol(s, true)));
        List<String> typeNames = RequestRules.csv(dataTypes);
        Set<String> types = new HashSet<>();
        if (!typeNames.isEmpty()) {
            rules.readable(typeNames).forEach(t -> types.add(t.dataType()));
        }

        String lastEventId = lastEventIdHeader != null && !lastEventIdHeader.isBlank() ? lastEventIdHeader.strip()
                : lastEventIdParam != null && !lastEventIdParam.isBlank() ? lastEventIdParam.strip() : null;
        // the last check: a refused stream holds nothing
        StreamSlots.Slot slot = slots.acquire(caller.key());
        Multi<OutboundSseEvent> refreshed = events.follow(lastEventId)
                .filter(item -> !(item instanceof StreamItem.Refresh r) || wanted.contains(r.stamped().event().symbol())
                        && (types.isEmpty() || types.contains(r.stamped().event().dataType())))
                .onItem().transformToIterable(item -> switch (item) {
                    case StreamItem.Start start -> start.resetReason() == null ? List.of(connected(sse, start))
                            : List.of(connected(sse, start), sse.newEventBuilder().name("reset").id(start.id())
                            .mediaType(MediaType.APPLICATION_JSON_TYPE)
                            .data(String.class, encode(Map.of("reason", start.resetReason()))).build());
                    case StreamItem.Refresh r -> List.of(sse.newEventBuilder().name("refreshed").id(r.stamped().id())
                            .mediaType(MediaType.APPLICATION_JSON_TYPE).data(String.class, encode(r.stamped().event())).build());
                });
        Multi<OutboundSseEvent> keepAlive = Multi.createFrom().ticks().every(config.events().heartbeat())
                .map(tick -> sse.newEventBuilder().comment("keep-alive").build());
        return Multi.createBy().merging().streams(refreshed, keepAlive)
                .onTermination().invoke(slot::release);
    }

    /**
     * The first message: a {@code :connected} comment for any reader, and a {@code connected} event
     * whose id (the position the stream starts at) lets a script resume from it even if no refresh
     * arrives before the stream drops.
     */
    private OutboundSseEvent connected(Sse sse, StreamItem.Start start) {
        return sse.newEventBuilder().comment("connected").name("connected").id(start.id())
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(String.class, encode(Map.of("id", start.id(), "resumed", start.resumed()))).build();
    }

    private String encode(Object e) {
        try {
            return json.writeValueAsString(e);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
