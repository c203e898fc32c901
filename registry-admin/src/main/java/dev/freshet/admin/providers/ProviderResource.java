package dev.freshet.admin.providers;

import dev.freshet.admin.AdminOpenApi;
import dev.freshet.admin.security.Actor;
import dev.freshet.admin.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/v1/providers")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
@Tag(name = "providers", description = "Circuit state per provider, pause and resume")
public class ProviderResource {

    private final ProviderService service;
    private final SecurityIdentity identity;

    public ProviderResource(ProviderService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "Providers with their circuit state (open until), pause and pending jobs")
    @APIResponse(responseCode = "200", description = "every provider with a quota")
    @APIResponse(responseCode = "400", ref = AdminOpenApi.BAD_REQUEST)
    public Uni<List<ProviderView>> list() {
        return service.list();
    }

    @POST
    @Path("/{provider}/pause")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Pause a provider: processors claim none of its jobs until it is resumed",
            description = "Body `{\"reason\"?}`. Answers 204; already paused: 409; audited. Needs the admin role.")
    @APIResponse(responseCode = "204", description = "paused")
    @APIResponse(responseCode = "400", ref = AdminOpenApi.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = AdminOpenApi.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = AdminOpenApi.CONFLICT)
    public Uni<Response> pause(@PathParam("provider") String provider, PauseRequest request) {
        return service.pause(provider, request, Actor.of(identity)).map(x -> Response.noContent().build());
    }

    @POST
    @Path("/{provider}/resume")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Resume a paused provider", description = "Answers 204; not paused: 409; audited. Needs the admin role.")
    @APIResponse(responseCode = "204", description = "resumed")
    @APIResponse(responseCode = "400", ref = AdminOpenApi.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = AdminOpenApi.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = AdminOpenApi.CONFLICT)
    public Uni<Response> resume(@PathParam("provider") String provider) {
        return service.resume(provider, Actor.of(identity)).map(x -> Response.noContent().build());
    }
}
