package dev.freshet.admin.aggregation;

import dev.freshet.admin.security.Actor;
import dev.freshet.admin.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

@Path("/api/v1/aggregation")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class AggregationResource {

    private final AggregationService service;
    private final SecurityIdentity identity;

    public AggregationResource(AggregationService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    /** Tasks with their lag, hard-failed first. */
    @GET
    public Uni<List<AggregationTaskView>> list(@QueryParam("status") String status, @QueryParam("timeframe") String timeframe,
                                               @QueryParam("limit") @DefaultValue("200") int limit) {
        return service.list(status, timeframe, limit);
    }

    @POST
    @Path("/{symbol}/{timeframe}/reset")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> reset(@PathParam("symbol") String symbol, @PathParam("timeframe") String timeframe) {
        return service.reset(symbol, timeframe, Actor.of(identity)).map(x -> Response.noContent().build());
    }
}
