package dev.freshet.admin.users;

import dev.freshet.admin.security.Actor;
import dev.freshet.admin.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** The local users: listed, their password rotated, deleted. Admins only; every change audited. */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class LocalUserResource {

    private final LocalUserService service;
    private final SecurityIdentity identity;

    public LocalUserResource(LocalUserService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @GET
    public Uni<List<LocalUserView>> list() {
        return service.list();
    }

    @PUT
    @Path("/{username}/password")
    public Uni<RotatedPassword> rotate(@PathParam("username") String username, PasswordRequest request) {
        return service.rotate(username, request, Actor.of(identity));
    }

    @DELETE
    @Path("/{username}")
    public Uni<Response> delete(@PathParam("username") String username) {
        return service.delete(username, Actor.of(identity)).map(v -> Response.noContent().build());
    }
}
