package dev.freshet.tracker.data;

import dev.freshet.shared.problem.Problem;
import dev.freshet.shared.problem.ProblemException;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.Registry;
import dev.freshet.shared.registry.Scope;
import dev.freshet.tracker.guard.ClientGuard;
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

/** Read access to the cached data, through the registry's table and key columns. */
@Path("/v1/data")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "data")
public class DataResource {

    private final DataService data;
    private final Registry registry;
    private final RequestRules rules;
    private final ClientGuard guard;

    public DataResource(DataService data, Registry registry, RequestRules rules, ClientGuard guard) {
        this.data = data;
        this.registry = registry;
        this.rules = rules;
        this.guard = guard;
    }

    @GET
    @Path("/{dataType}/{symbol}")
    @Operation(summary = "The cached rows of a data type for a symbol (symbol * for a global data type), newest first",
            description = "Rows in descending order of the data type's key columns (newest first when the last key column "
                    + "is the record's date or time), at most max-data-rows per page. When more follow, truncated is true and "
                    + "nextCursor is set: pass it back as cursor for the next page. A cursor is opaque and only valid for the "
                    + "data type and symbol it was issued for; any other value is a 400.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DataResponse.class),
            examples = {@ExampleObject(name = "profile", value = """
                    {"dataType": "profile", "symbol": "AAPL", "state": "fresh", "updatedAt": "2025-11-20T09:12:00Z",
                     "truncated": false, "rows": [{"symbol": "AAPL", "company_name": "Apple Inc.", "price": 231.5,
                     "refreshed_at": "2025-11-20T09:12:00+00:00"}]}"""),
                    @ExampleObject(name = "bars-5m, more to come", value = """
                    {"dataType": "bars-5m", "symbol": "AAPL", "state": "fresh", "updatedAt": "2025-11-20T09:15:02Z",
                     "truncated": true, "nextCursor": "eyJkIjoiYmFycy01bSIsInMiOiJBQVBMIiwiayI6eyJ0c191dGMiOiIyMDI1LTExLTE4VDE0OjMwOjAwKzAwOjAwIn19",
                     "rows": [{"symbol": "AAPL", "timeframe": "5m", "ts_utc": "2025-11-20T09:10:00+00:00", "close": 231.4}]}""")}))
    @APIResponse(responseCode = "400", description = "a symbol that is not valid, or a cursor that is not one this endpoint issued for this data type and symbol",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "no such data type",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<DataResponse> read(@PathParam("dataType") String dataType, @PathParam("symbol") String symbol,
                                  @Parameter(description = "nextCursor of the previous page; absent for the newest rows")
                                  @QueryParam("cursor") String cursor,
                                  @HeaderParam("Authorization") String authorization,
                                  @HeaderParam("X-Client-Id") String clientHeader,
                                  @Context HttpServerRequest request) {
        guard.admitAnonymous(authorization, null, clientHeader, request);
        // an off or paused data type's rows stay readable, answered with state disabled
        DataType dt = registry.find(dataType).orElseThrow(
                () -> ProblemException.notFound("no data type '" + dataType.substring(0, Math.min(64, dataType.length())) + "'"));
        String s = rules.symbol(symbol, true);
        if (dt.global() != Scope.GLOBAL_SYMBOL.equals(s)) {
            throw ProblemException.badRequest(dt.global()
                    ? "data type " + dt.dataType() + " is global: read it with symbol *"
                    : "data type " + dt.dataType() + " is per symbol: * is not a symbol");
        }
        return data.read(dt, rules.disabled(dt), s, cursor == null || cursor.isEmpty() ? null : cursor);
    }
}
