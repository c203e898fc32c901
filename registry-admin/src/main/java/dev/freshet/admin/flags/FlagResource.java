package dev.freshet.admin.flags;

import dev.freshet.admin.AdminOpenApi;
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
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/v1/flags")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
@Tag(name = "flags", description = "Feature flags, with per-data-type rollouts")
public class FlagResource {

    private final FlagService service;
    private final SecurityIdentity identity;

    public FlagResource(FlagService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "All feature flags")
    @APIResponse(responseCode = "200", description = "the flags")
    public Uni<List<FlagView>> list() {
        return service.list().map(all -> all.stream().map(FlagView::of).toList());
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "One feature flag")
    @APIResponse(responseCode = "200", description = "the flag")
    @APIResponse(responseCode = "404", ref = AdminOpenApi.NOT_FOUND)
    public Uni<FlagView> get(@PathParam("name") String name) {
        return service.get(name).map(FlagView::of);
    }

    @PUT
    @Path("/{name}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Set a feature flag", description = "Left-out fields keep their value; metadata.dataTypes holds a per-data-type rollout (known data types, boolean values). Needs the admin role.")
    @APIResponse(responseCode = "200", description = "the flag as stored")
    @APIResponse(responseCode = "400", ref = AdminOpenApi.BAD_REQUEST)
    public Uni<FlagView> set(@PathParam("name") String name, FlagRequest request) {
        return service.set(name, request, Actor.of(identity)).map(FlagView::of);
    }
}
