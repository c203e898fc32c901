package dev.freshet.admin.aggregation;

import dev.freshet.admin.AdminOpenApi;
import dev.freshet.admin.common.Params;
import dev.freshet.admin.security.Actor;
import dev.freshet.admin.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/v1/aggregation")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
@Tag(name = "aggregation", description = "Bar aggregation tasks")
public class AggregationResource {

    private final AggregationService service;
    private final SecurityIdentity identity;

    public AggregationResource(AggregationService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    /** Tasks with their lag, hard-failed first. */
    @GET
    @Operation(summary = "Aggregation tasks with their lag, hard-failed first")
    @APIResponse(responseCode = "200", description = "the tasks")
    @APIResponse(responseCode = "400", ref = AdminOpenApi.BAD_REQUEST)
    public Uni<List<AggregationTaskView>> list(@QueryParam("status") String status, @QueryParam("timeframe") String timeframe,
                                               @QueryParam("limit") @DefaultValue("200") int limit) {
        return service.list(status, timeframe, limit);
    }

    @GET
    @Path("/timeframes")
    @Operation(summary = "Lag and bar quality per timeframe",
            description = "Tasks (enabled, running, hard-failed) and their lag per timeframe; the bars built since `since` (default: the report window): how many, how many complete, the mean quality score.")
    @APIResponse(responseCode = "200", description = "one row per timeframe, shortest first")
    @APIResponse(responseCode = "400", ref = AdminOpenApi.BAD_REQUEST)
    public Uni<List<TimeframeSummary>> timeframes(@QueryParam("since") String since) {
        return service.timeframes(Params.instant("since", since));
    }

    @PUT
    @Path("/{symbol}/{timeframe}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Change an aggregation task's enabled, taskPriority and mandatory settings",
            description = "Fields left out keep their value; audited. Needs the admin role.")
    @APIResponse(responseCode = "200", description = "the settings now")
    @APIResponse(responseCode = "400", ref = AdminOpenApi.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = AdminOpenApi.NOT_FOUND)
    public Uni<AggregationSettings> settings(@PathParam("symbol") String symbol, @PathParam("timeframe") String timeframe,
                                             AggregationSettingsRequest request) {
        return service.settings(symbol, timeframe, request, Actor.of(identity));
    }

    @POST
    @Path("/{symbol}/{timeframe}/reset")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Reset a hard-failed aggregation task", description = "Answers 204; a task that is not hard-failed: 409. Needs the admin role.")
    @APIResponse(responseCode = "204", description = "reset")
    @APIResponse(responseCode = "400", ref = AdminOpenApi.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = AdminOpenApi.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = AdminOpenApi.CONFLICT)
    public Uni<Response> reset(@PathParam("symbol") String symbol, @PathParam("timeframe") String timeframe) {
        return service.reset(symbol, timeframe, Actor.of(identity)).map(x -> Response.noContent().build());
    }
}
