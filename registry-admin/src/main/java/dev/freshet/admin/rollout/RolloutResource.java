package dev.freshet.admin.rollout;

import dev.freshet.admin.AdminOpenApi;
import dev.freshet.admin.common.Params;
import dev.freshet.admin.registry.RegistryService;
import dev.freshet.admin.security.Actor;
import dev.freshet.admin.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/v1/rollout")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
@Tag(name = "rollout", description = "Adopting Freshet one data type at a time: off → shadow → live, paused, and the shadow comparison")
public class RolloutResource {

    private final RolloutService rollout;
    private final ShadowComparison comparison;
    private final RegistryService registry;
    private final SecurityIdentity identity;

    public RolloutResource(RolloutService rollout, ShadowComparison comparison, RegistryService registry, SecurityIdentity identity) {
        this.rollout = rollout;
        this.comparison = comparison;
        this.registry = registry;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "Rollout state of every data type", description = "With the states each may go to next.")
    @APIResponse(responseCode = "200", description = "the data types and their rollout states")
    public Uni<List<RolloutView>> list() {
        return registry.list().map(all -> all.stream().map(d -> RolloutView.of(d, null)).toList());
    }

    @GET
    @Path("/{dataType}")
    @Operation(summary = "Rollout state of one data type")
    @APIResponse(responseCode = "200", description = "its rollout state")
    @APIResponse(responseCode = "404", ref = AdminOpenApi.NOT_FOUND)
    public Uni<RolloutView> get(@PathParam("dataType") String dataType) {
        return registry.get(dataType).map(d -> RolloutView.of(d, null));
    }

    @PUT
    @Path("/{dataType}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Change a data type's rollout state",
            description = "off → shadow; shadow → live, paused or off; live → paused, shadow or off (rollback in one step); "
                    + "paused → live, shadow or off. Switching off cancels the pending jobs; pausing leaves them queued and "
                    + "unclaimed. Asking for the current state changes nothing. Audited; every replica applies it within a "
                    + "second. Needs the admin role.")
    @APIResponse(responseCode = "200", description = "the data type's rollout state after the change")
    @APIResponse(responseCode = "400", ref = AdminOpenApi.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = AdminOpenApi.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = AdminOpenApi.CONFLICT)
    public Uni<RolloutView> change(@PathParam("dataType") String dataType, RolloutRequest request) {
        return rollout.change(dataType, request, Actor.of(identity));
    }

    @GET
    @Path("/{dataType}/comparison")
    @Operation(summary = "Shadow comparison of a data type over a window",
            description = "Refreshes compared, match rate, rows and columns that differ, rows missing on either side, and the "
                    + "newest differing rows with old (live) and new values. since/until are ISO-8601 timestamps; the "
                    + "window defaults to the last 24 h and may span at most 7 days.")
    @APIResponse(responseCode = "200", description = "the comparison")
    @APIResponse(responseCode = "400", ref = AdminOpenApi.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = AdminOpenApi.NOT_FOUND)
    public Uni<Comparison> comparison(@PathParam("dataType") String dataType, @QueryParam("since") String since,
                                      @QueryParam("until") String until) {
        return comparison.compare(dataType, Params.instant("since", since), Params.instant("until", until));
    }
}
