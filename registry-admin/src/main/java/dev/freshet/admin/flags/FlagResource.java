package dev.freshet.admin.flags;

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

import java.util.List;

@Path("/api/v1/flags")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class FlagResource {

    private final FlagService service;
    private final SecurityIdentity identity;

    public FlagResource(FlagService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @GET
    public Uni<List<FlagView>> list() {
        return service.list().map(all -> all.stream().map(FlagView::of).toList());
    }

    @GET
    @Path("/{name}")
    public Uni<FlagView> get(@PathParam("name") String name) {
        return service.get(name).map(FlagView::of);
    }

    @PUT
    @Path("/{name}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<FlagView> set(@PathParam("name") String name, FlagRequest request) {
        return service.set(name, request, Actor.of(identity)).map(FlagView::of);
    }
}
