package dev.freshet.admin.users;

import dev.freshet.admin.AdminOpenApi;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The local users: listed, their password rotated, deleted. Admins only; every change audited. */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "users", description = "Local users (admin role only)")
public class LocalUserResource {

    private final LocalUserService service;
    private final SecurityIdentity identity;

    public LocalUserResource(LocalUserService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "The local users, configured and stored; never a hash")
    @APIResponse(responseCode = "200", description = "the local users")
    public Uni<List<LocalUserView>> list() {
        return service.list();
    }

    @PUT
    @Path("/{username}/password")
    @Operation(summary = "Rotate a stored user's password", description = "Left out, a password is generated and answered once; configured users: 409.")
    @APIResponse(responseCode = "200", description = "the new password when generated (answered once)")
    @APIResponse(responseCode = "400", ref = AdminOpenApi.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = AdminOpenApi.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = AdminOpenApi.CONFLICT)
    public Uni<RotatedPassword> rotate(@PathParam("username") String username, PasswordRequest request) {
        return service.rotate(username, request, Actor.of(identity));
    }

    @DELETE
    @Path("/{username}")
    @Operation(summary = "Delete a stored user", description = "Answers 204; configured users: 409.")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "404", ref = AdminOpenApi.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = AdminOpenApi.CONFLICT)
    public Uni<Response> delete(@PathParam("username") String username) {
        return service.delete(username, Actor.of(identity)).map(v -> Response.noContent().build());
    }
}
