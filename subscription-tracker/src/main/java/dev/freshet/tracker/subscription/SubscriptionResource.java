package dev.freshet.tracker.subscription;

import dev.freshet.shared.problem.Problem;
import dev.freshet.shared.problem.ProblemException;
import dev.freshet.shared.registry.DataType;
import dev.freshet.tracker.config.TrackerConfig;
import dev.freshet.tracker.guard.Caller;
import dev.freshet.tracker.guard.ClientGuard;
import dev.freshet.tracker.request.RequestRules;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Front-ends say what their users view: join, heartbeat, leave. Translates HTTP only. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "subscriptions")
public class SubscriptionResource {

    private static final String SUBSCRIBE_EXAMPLE = """
            {"clientId": "web-7f3a2c", "symbol": "AAPL", "dataTypes": ["profile", "quote"]}""";
    private static final String SUBSCRIBED_EXAMPLE = """
            {"clientId": "web-7f3a2c", "tracking": true, "expiresAt": "2025-11-20T14:05:41Z",
             "subscriptions": [
               {"dataType": "profile", "symbol": "AAPL", "state": "fresh", "updatedAt": "2025-11-20T09:12:00Z",
                "tracked": true, "refresh": "none", "queued": false},
               {"dataType": "quote", "symbol": "AAPL", "state": "stale", "updatedAt": "2025-11-20T14:02:10Z",
                "tracked": true, "refresh": "queued", "queued": true}]}""";
    private static final String PROBLEM_EXAMPLE = """
            {"type": "about:blank", "title": "Bad request", "status": 400,
             "detail": "data type 'profil' is unknown", "instance": "/v1/subscriptions"}""";

    private final SubscriptionService service;
    private final RequestRules rules;
    private final ClientGuard guard;
    private final TrackerConfig config;

    public SubscriptionResource(SubscriptionService service, RequestRules rules, ClientGuard guard, TrackerConfig config) {
        this.service = service;
        this.rules = rules;
        this.guard = guard;
        this.config = config;
    }

    @POST
    @Path("/subscriptions")
    @Operation(summary = "Join or heartbeat one symbol",
            description = "Records presence, answers fresh/stale/missing per data type and queues refreshes of "
                    + "stale data (deduplicated; more viewers raise the priority). Idempotent. Global data types "
                    + "are subscribed without a symbol. With presence tracking off it answers state only.")
    @RequestBody(content = @Content(schema = @Schema(implementation = SubscribeRequest.class),
            examples = @ExampleObject(name = "profile and quote", value = SUBSCRIBE_EXAMPLE)))
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SubscriptionResponse.class),
            examples = @ExampleObject(name = "one fresh, one queued", value = SUBSCRIBED_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "invalid input; nothing recorded",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "unknown data type", value = PROBLEM_EXAMPLE)))
    @APIResponse(responseCode = "401", description = "client token missing or invalid (when tokens are configured)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "rate limit or subscription cap reached; see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<SubscriptionResponse> subscribe(SubscribeRequest body, @HeaderParam("Authorization") String authorization,
                                                   @Context HttpServerRequest request) {
        if (body == null) {
            throw ProblemException.badRequest("a JSON body {clientId, symbol, dataTypes} is required");
        }
        Caller caller = guard.admitClient(body.clientId(), authorization, request);
        List<DataType> types = rules.subscribable(body.dataTypes());
        boolean needsSymbol = types.stream().anyMatch(t -> !t.global());
        List<String> symbols = needsSymbol || body.symbol() != null ? List.of(rules.symbol(body.symbol(), false)) : List.of();
        return service.subscribe(caller, types, symbols);
    }

    @POST
    @Path("/subscriptions/batch")
    @Operation(summary = "Join or heartbeat a page of symbols",
            description = "Like POST /v1/subscriptions for up to 50 symbols with the same data types, in one call.")
    @RequestBody(content = @Content(schema = @Schema(implementation = BatchSubscribeRequest.class),
            examples = @ExampleObject(name = "a page of quote cards",
                    value = "{\"clientId\": \"web-7f3a2c\", \"symbols\": [\"AAPL\", \"MSFT\"], \"dataTypes\": [\"quote\"]}")))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SubscriptionResponse.class)))
    @APIResponse(responseCode = "400", description = "invalid input; nothing recorded",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "rate limit or subscription cap reached; see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<SubscriptionResponse> subscribeBatch(BatchSubscribeRequest body, @HeaderParam("Authorization") String authorization,
                                                   @Context HttpServerRequest request) {
        if (body == null) {
            throw ProblemException.badRequest("a JSON body {clientId, symbols, dataTypes} is required");
        }
        Caller caller = guard.admitClient(body.clientId(), authorization, request);
        List<DataType> types = rules.subscribable(body.dataTypes());
        boolean needsSymbols = types.stream().anyMatch(t -> !t.global());
        List<String> symbols = needsSymbols || body.symbols() != null
                ? rules.symbols(body.symbols(), config.limits().maxSymbolsPerBatch(), "symbols") : List.of();
        return service.subscribe(caller, types, symbols);
    }

    @POST
    @Path("/heartbeat")
    @Operation(summary = "Renew all of a client's live subscriptions",
            description = "Subscriptions already lapsed (no heartbeat for the presence TTL) are not revived.")
    @RequestBody(content = @Content(schema = @Schema(implementation = HeartbeatRequest.class),
            examples = @ExampleObject(name = "heartbeat", value = "{\"clientId\": \"web-7f3a2c\"}")))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = HeartbeatResponse.class),
            examples = @ExampleObject(name = "renewed", value = "{\"clientId\": \"web-7f3a2c\", \"renewed\": 12, \"expiresAt\": \"2025-11-20T14:05:41Z\"}")))
    @APIResponse(responseCode = "400", description = "invalid input",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<HeartbeatResponse> heartbeat(HeartbeatRequest body, @HeaderParam("Authorization") String authorization,
                                                   @Context HttpServerRequest request) {
        if (body == null) {
            throw ProblemException.badRequest("a JSON body {clientId} is required");
        }
        return service.heartbeat(guard.admitClient(body.clientId(), authorization, request).clientId());
    }

    @DELETE
    @Path("/subscriptions/{clientId}/{symbol}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Leave one symbol (all its data types); use * for the global data types")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = UnsubscribeResponse.class)))
    public Uni<UnsubscribeResponse> unsubscribeSymbol(@PathParam("clientId") String clientId, @PathParam("symbol") String symbol,
                                                      @HeaderParam("Authorization") String authorization,
                                                      @Context HttpServerRequest request) {
        String client = guard.admitClient(clientId, authorization, request).clientId();
        return service.unsubscribe(client, rules.symbol(symbol, true));
    }

    @DELETE
    @Path("/subscriptions/{clientId}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Leave everything (e.g. when the page closes)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = UnsubscribeResponse.class)))
    public Uni<UnsubscribeResponse> unsubscribeAll(@PathParam("clientId") String clientId,
                                                   @HeaderParam("Authorization") String authorization,
                                                   @Context HttpServerRequest request) {
        String client = guard.admitClient(clientId, authorization, request).clientId();
        return service.unsubscribe(client, null);
    }
}
