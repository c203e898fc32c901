package dev.freshet.admin.registry;

import dev.freshet.admin.common.Params;
import dev.freshet.admin.security.Actor;
import dev.freshet.admin.security.Roles;
import dev.freshet.shared.problem.ProblemException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;

import java.util.List;

@Path("/api/v1/registry")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class RegistryResource {

    @RegisterForReflection
    public record Deleted(String dataType, int cancelledJobs) {
    }

    private final RegistryService service;
    private final SecurityIdentity identity;

    public RegistryResource(RegistryService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @GET
    public Uni<List<DataTypeView>> list() {
        return service.list().map(all -> all.stream().map(DataTypeView::of).toList());
    }

    @GET
    @Path("/{dataType}")
    public Uni<DataTypeView> get(@PathParam("dataType") String dataType) {
        return service.get(dataType).map(DataTypeView::of);
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> create(DataTypeRequest request, @Context UriInfo uri) {
        if (request == null) {
            throw ProblemException.badRequest("a data type is required in the body");
        }
        return service.create(request, Actor.of(identity)).map(dt -> Response
                .created(uri.getAbsolutePathBuilder().path(dt.dataType()).build())
                .entity(DataTypeView.of(dt)).build());
    }

    @PUT
    @Path("/{dataType}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<DataTypeView> update(@PathParam("dataType") String dataType, DataTypeRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("a data type is required in the body");
        }
        return service.update(dataType, request, Actor.of(identity)).map(DataTypeView::of);
    }

    @DELETE
    @Path("/{dataType}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Deleted> delete(@PathParam("dataType") String dataType, @QueryParam("force") boolean force,
                               @QueryParam("version") String version) {
        Long expected = Params.whole("version", version, Integer.MAX_VALUE);
        return service.delete(dataType, force, expected == null ? null : expected.intValue(), Actor.of(identity))
                .map(n -> new Deleted(dataType, n));
    }
}
