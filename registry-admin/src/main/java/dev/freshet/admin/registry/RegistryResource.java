package dev.freshet.admin.registry;

import dev.freshet.admin.AdminOpenApi;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/v1/registry")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
@Tag(name = "registry", description = "The data type registry: what Freshet keeps fresh, from where, how often")
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
    @Operation(summary = "All data types, with their effective freshness thresholds")
    @APIResponse(responseCode = "200", description = "the data types")
    public Uni<List<DataTypeView>> list() {
        return service.list().map(all -> all.stream().map(DataTypeView::of).toList());
    }

    @GET
    @Path("/{dataType}")
    @Operation(summary = "One data type")
    @APIResponse(responseCode = "200", description = "the data type")
    @APIResponse(responseCode = "404", ref = AdminOpenApi.NOT_FOUND)
    public Uni<DataTypeView> get(@PathParam("dataType") String dataType) {
        return service.get(dataType).map(DataTypeView::of);
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create a data type", description = "Validated against the catalog before anything is written; answers 201 with Location. Needs the admin role.")
    @APIResponse(responseCode = "201", description = "created; Location names it", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DataTypeView.class)))
    @APIResponse(responseCode = "400", ref = AdminOpenApi.BAD_REQUEST)
    @APIResponse(responseCode = "409", ref = AdminOpenApi.CONFLICT)
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
    @Operation(summary = "Replace a data type", description = "The body carries the version read; 409 when it changed meanwhile. Needs the admin role.")
    @APIResponse(responseCode = "200", description = "the data type as stored")
    @APIResponse(responseCode = "400", ref = AdminOpenApi.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = AdminOpenApi.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = AdminOpenApi.CONFLICT)
    public Uni<DataTypeView> update(@PathParam("dataType") String dataType, DataTypeRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("a data type is required in the body");
        }
        return service.update(dataType, request, Actor.of(identity)).map(DataTypeView::of);
    }

    @DELETE
    @Path("/{dataType}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete a data type", description = "409 while jobs are queued unless force=true, which cancels them to history; version, when given, must be the current one. Needs the admin role.")
    @APIResponse(responseCode = "200", description = "deleted, with the number of queued jobs cancelled")
    @APIResponse(responseCode = "400", ref = AdminOpenApi.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = AdminOpenApi.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = AdminOpenApi.CONFLICT)
    public Uni<Deleted> delete(@PathParam("dataType") String dataType, @QueryParam("force") boolean force,
                               @QueryParam("version") String version) {
        Long expected = Params.whole("version", version, Integer.MAX_VALUE);
        return service.delete(dataType, force, expected == null ? null : expected.intValue(), Actor.of(identity))
                .map(n -> new Deleted(dataType, n));
    }
}
