package dev.freshet.tracker.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.freshet.shared.problem.Problem;
import dev.freshet.shared.problem.ProblemException;
import dev.freshet.tracker.config.TrackerConfig;
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
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Server-sent events: a {@code refreshed} event per committed refresh of a requested symbol, within
 * milliseconds of the commit (LISTEN/NOTIFY, no polling), and a comment every heartbeat interval so
 * proxies keep the stream open. When the client goes away the stream is cancelled and its
 * subscription to the notifications ends with it.
 */
@Path("/v1/events")
@Tag(name = "events")
public class EventsResource {

    private final RefreshEvents events;
    private final RequestRules rules;
    private final ClientGuard guard;
    private final TrackerConfig config;
    private final ObjectMapper json;
    private final AtomicInteger open = new AtomicInteger();

    public EventsResource(RefreshEvents events, RequestRules rules, ClientGuard guard, TrackerConfig config,
                          ObjectMapper json, MeterRegistry meters) {
        this.events = events;
        this.rules = rules;
        this.guard = guard;
        this.config = config;
        this.json = json;
        Gauge.builder("freshet_tracker_event_streams", open, AtomicInteger::get)
                .description("Open server-sent event streams").register(meters);
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Refresh events for some symbols",
            description = "event: refreshed, data: {\"symbol\",\"dataType\",\"updatedAt\"}. Use symbol * for the global "
                    + "data types. Browsers' EventSource cannot set headers: pass the client token as ?token=.")
    @APIResponse(responseCode = "200", description = "text/event-stream")
    @APIResponse(responseCode = "400", description = "invalid symbols or data types",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Multi<OutboundSseEvent> stream(@Parameter(description = "comma-separated symbols", example = "AAPL,MSFT")
                                          @QueryParam("symbols") String symbols,
                                          @Parameter(description = "optional comma-separated data types to narrow the stream")
                                          @QueryParam("dataTypes") String dataTypes,
                                          @QueryParam("token") String tokenParam,
                                          @HeaderParam("Authorization") String authorization,
                                          @HeaderParam("X-Client-Id") String clientHeader,
                                          @Context HttpServerRequest request,
                                          @Context Sse sse) {
        guard.admitAnonymous(authorization, tokenParam, clientHeader, request);
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

        Multi<OutboundSseEvent> refreshed = events.stream()
                .filter(e -> wanted.contains(e.symbol()) && (types.isEmpty() || types.contains(e.dataType())))
                .map(e -> sse.newEventBuilder().name("refreshed").mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(String.class, encode(e)).build());
        Multi<OutboundSseEvent> keepAlive = Multi.createBy().concatenating().streams(
                Multi.createFrom().item(() -> sse.newEventBuilder().comment("connected").build()),
                Multi.createFrom().ticks().every(config.events().heartbeat())
                        .map(tick -> sse.newEventBuilder().comment("keep-alive").build()));
        // the refresh stream is listed first so it is listening before "connected" goes out
        return Multi.createBy().merging().streams(refreshed, keepAlive)
                .onSubscription().invoke(open::incrementAndGet)
                .onTermination().invoke(open::decrementAndGet);
    }

    private String encode(RefreshedEvent e) {
        try {
            return json.writeValueAsString(e);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
