package dev.freshet.admin.quotas;

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

@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
@Path("/api/v1/quotas")
@Tag(name = "quotas", description = "Provider quotas with their usage now")
public class QuotaResource {

    private final QuotaService quotas;
    private final SecurityIdentity identity;

    public QuotaResource(QuotaService quotas, SecurityIdentity identity) {
        this.quotas = quotas;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "All provider quotas with usage now")
    @APIResponse(responseCode = "200", description = "the quotas")
    public Uni<List<QuotaView>> list() {
        return quotas.list();
    }

    @GET
    @Path("/{provider}")
    @Operation(summary = "One provider's quota with usage now")
    @APIResponse(responseCode = "200", description = "the quota")
    @APIResponse(responseCode = "404", ref = AdminOpenApi.NOT_FOUND)
    public Uni<QuotaView> get(@PathParam("provider") String provider) {
        return quotas.get(provider);
    }

    @PUT
    @Path("/{provider}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create or change a provider's quota", description = "Create: no version; change: the current version (409 when it changed meanwhile or already exists). Needs the admin role.")
    @APIResponse(responseCode = "200", description = "the quota as stored")
    @APIResponse(responseCode = "400", ref = AdminOpenApi.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = AdminOpenApi.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = AdminOpenApi.CONFLICT)
    public Uni<QuotaView> set(@PathParam("provider") String provider, QuotaRequest request) {
        return quotas.set(provider, request, Actor.of(identity));
    }
}
