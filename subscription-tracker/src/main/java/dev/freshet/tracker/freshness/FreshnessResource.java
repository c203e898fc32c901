package dev.freshet.tracker.freshness;

import dev.freshet.shared.problem.Problem;
import dev.freshet.shared.problem.ProblemException;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.Registry;
import dev.freshet.shared.registry.Scope;
import dev.freshet.tracker.guard.ClientGuard;
import dev.freshet.tracker.presence.Pair;
import dev.freshet.tracker.request.RequestRules;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Freshness without subscribing: records nothing, queues nothing. */
@Path("/v1/freshness")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "freshness")
public class FreshnessResource {

    public record FreshnessResponse(String symbol, List<PairStatus> dataTypes) {
    }

    private final FreshnessService freshness;
    private final RequestRules rules;
    private final ClientGuard guard;
    private final Registry registry;

    public FreshnessResource(FreshnessService freshness, RequestRules rules, ClientGuard guard, Registry registry) {
        this.freshness = freshness;
        this.rules = rules;
        this.guard = guard;
        this.registry = registry;
    }

    @GET
    @Path("/{symbol}")
    @Operation(summary = "Fresh / stale / missing per data type of a symbol",
            description = "Without dataTypes: every enabled data type of the symbol's scope (symbol * = the global ones).")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = FreshnessResponse.class),
            examples = @ExampleObject(name = "profile", value = """
                    {"symbol": "AAPL", "dataTypes": [{"dataType": "profile", "symbol": "AAPL", "state": "fresh",
                      "updatedAt": "2025-11-20T09:12:00Z"}]}""")))
    @APIResponse(responseCode = "400", description = "invalid symbol or data type",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<FreshnessResponse> freshness(@PathParam("symbol") String symbol,
                                            @Parameter(description = "comma-separated data types", example = "profile,quote")
                                            @QueryParam("dataTypes") String dataTypes,
                                            @HeaderParam("Authorization") String authorization,
                                            @HeaderParam("X-Client-Id") String clientHeader,
                                            @Context HttpServerRequest request) {
        guard.admitAnonymous(authorization, null, clientHeader, request);
        String s = rules.symbol(symbol, true);
        boolean global = Scope.GLOBAL_SYMBOL.equals(s);
        List<String> names = RequestRules.csv(dataTypes);
        List<DataType> types = names.isEmpty()
                ? registry.all().stream().filter(t -> t.enabled() && t.global() == global).toList()
                : rules.readable(names);
        List<DataType> matching = types.stream().filter(t -> t.global() == global).toList();
        if (matching.size() != types.size()) {
            throw ProblemException.badRequest(global
                    ? "symbol * reads only global data types" : "global data types are read with symbol *");
        }
        Map<String, DataType> byName = new LinkedHashMap<>();
        matching.forEach(t -> byName.put(t.dataType(), t));
        List<Pair> pairs = Pair.of(matching, List.of(s));
        return freshness.checkThroughChains(pairs, byName).map(found -> new FreshnessResponse(s, pairs.stream().map(p -> {
            var f = found.get(p);
            return new PairStatus(p.dataType(), p.symbol(), PairStatus.state(rules.disabled(byName.get(p.dataType())), f),
                    f.updatedAt(), null, null, null);
        }).toList()));
    }
}
