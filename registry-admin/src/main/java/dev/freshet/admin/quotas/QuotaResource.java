package dev.freshet.admin.quotas;

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

@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
@Path("/api/v1/quotas")
public class QuotaResource {

    private final QuotaService quotas;
    private final SecurityIdentity identity;

    public QuotaResource(QuotaService quotas, SecurityIdentity identity) {
        this.quotas = quotas;
        this.identity = identity;
    }

    @GET
    public Uni<List<QuotaView>> list() {
        return quotas.list();
    }

    @GET
    @Path("/{provider}")
    public Uni<QuotaView> get(@PathParam("provider") String provider) {
        return quotas.get(provider);
    }

    @PUT
    @Path("/{provider}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<QuotaView> set(@PathParam("provider") String provider, QuotaRequest request) {
        return quotas.set(provider, request, Actor.of(identity));
    }
}
