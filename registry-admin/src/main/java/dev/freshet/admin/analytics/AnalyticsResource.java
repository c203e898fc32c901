package dev.freshet.admin.analytics;

import dev.freshet.admin.AdminOpenApi;
import dev.freshet.admin.common.Params;
import dev.freshet.admin.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/admin/analytics")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
@Tag(name = "analytics", description = "Subscription analytics: who views what, over time")
public class AnalyticsResource {

    private final AnalyticsService service;

    public AnalyticsResource(AnalyticsService service) {
        this.service = service;
    }

    @GET
    @Path("/views")
    @Operation(summary = "Viewers per data type over time and the most viewed pairs",
            description = "`bucket` hour (default; at most 31 days, default the last 24 h) or day (at most 400 days, default 30); "
                    + "optional `dataType`, `symbol`, `top` (1-100, default 20).")
    @APIResponse(responseCode = "200", description = "the series and the top pairs")
    @APIResponse(responseCode = "400", ref = AdminOpenApi.BAD_REQUEST)
    public Uni<Analytics> views(@QueryParam("since") String since, @QueryParam("until") String until,
                                @QueryParam("bucket") String bucket, @QueryParam("dataType") String dataType,
                                @QueryParam("symbol") String symbol, @QueryParam("top") Integer top) {
        return service.views(Params.instant("since", since), Params.instant("until", until), bucket, dataType, symbol, top);
    }
}
