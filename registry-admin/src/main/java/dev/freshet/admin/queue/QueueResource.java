package dev.freshet.admin.queue;

import dev.freshet.admin.AdminOpenApi;
import dev.freshet.admin.common.Page;
import dev.freshet.admin.common.Params;
import dev.freshet.admin.security.Actor;
import dev.freshet.admin.security.Roles;
import dev.freshet.shared.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/queue")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
@Tag(name = "queue", description = "Queue operations: jobs, manual refreshes, retries, history")
public class QueueResource {

    private final QueueService queue;
    private final SecurityIdentity identity;

    public QueueResource(QueueService queue, SecurityIdentity identity) {
        this.queue = queue;
        this.identity = identity;
    }

    @GET
    @Path("/stats")
    @Operation(summary = "Queue counts now and since a time, per data type and in total")
    @APIResponse(responseCode = "200", description = "the counts")
    @APIResponse(responseCode = "400", ref = AdminOpenApi.BAD_REQUEST)
    public Uni<QueueViews.Stats> stats(@QueryParam("since") String since) {
        return queue.stats(Params.instant("since", since));
    }

    @GET
    @Path("/jobs")
    @Operation(summary = "Queued and running jobs, keyset-paginated by id")
    @APIResponse(responseCode = "200", description = "a page of jobs")
    @APIResponse(responseCode = "400", ref = AdminOpenApi.BAD_REQUEST)
    public Uni<Page<QueueViews.Job>> jobs(@QueryParam("status") String status, @QueryParam("dataType") String dataType,
                                          @QueryParam("symbol") String symbol, @QueryParam("cursor") String cursor,
                                          @QueryParam("limit") Integer limit) {
        return queue.jobs(status, dataType, symbol, cursor, limit);
    }

    @POST
    @Path("/jobs")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Queue a manual refresh of a pair", description = "At the manual priority; raises an already queued job. "
            + "A paused data type's job waits until it is resumed; an off data type's is refused. Needs the admin role.")
    @APIResponse(responseCode = "200", description = "what was done")
    @APIResponse(responseCode = "400", ref = AdminOpenApi.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = AdminOpenApi.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = AdminOpenApi.CONFLICT)
    public Uni<QueueViews.Action> refresh(QueueViews.ManualRefresh request) {
        if (request == null) {
            throw ProblemException.badRequest("{\"dataType\", \"symbol\"} is required in the body");
        }
        return queue.refresh(request.dataType(), request.symbol(), Actor.of(identity));
    }

    @POST
    @Path("/jobs/{jobId}/retry")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Retry a job", description = "A failed or cancelled job is queued again; a pending job in backoff runs now; running or completed: 409. Needs the admin role.")
    @APIResponse(responseCode = "200", description = "what was done")
    @APIResponse(responseCode = "404", ref = AdminOpenApi.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = AdminOpenApi.CONFLICT)
    public Uni<QueueViews.Action> retry(@PathParam("jobId") long jobId) {
        return queue.retry(jobId, Actor.of(identity));
    }

    @POST
    @Path("/jobs/{jobId}/cancel")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Cancel a pending job", description = "To history as cancelled; a running job: 409. Needs the admin role.")
    @APIResponse(responseCode = "200", description = "what was done")
    @APIResponse(responseCode = "404", ref = AdminOpenApi.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = AdminOpenApi.CONFLICT)
    public Uni<QueueViews.Action> cancel(@PathParam("jobId") long jobId) {
        return queue.cancel(jobId, Actor.of(identity));
    }

    @GET
    @Path("/history")
    @Operation(summary = "Finished jobs, newest first")
    @APIResponse(responseCode = "200", description = "a page of finished jobs")
    @APIResponse(responseCode = "400", ref = AdminOpenApi.BAD_REQUEST)
    public Uni<Page<QueueViews.FinishedJob>> history(@QueryParam("status") String status,
                                                     @QueryParam("dataType") String dataType,
                                                     @QueryParam("symbol") String symbol,
                                                     @QueryParam("since") String since, @QueryParam("until") String until,
                                                     @QueryParam("cursor") String cursor,
                                                     @QueryParam("limit") Integer limit) {
        return queue.history(status, dataType, symbol, Params.instant("since", since), Params.instant("until", until),
                cursor, limit);
    }

    @DELETE
    @Path("/history")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Purge finished jobs by filter", description = "finishedBefore is required. Needs the admin role.")
    @APIResponse(responseCode = "200", description = "how many were purged")
    @APIResponse(responseCode = "400", ref = AdminOpenApi.BAD_REQUEST)
    public Uni<QueueViews.Purged> purge(@QueryParam("finishedBefore") String finishedBefore,
                                        @QueryParam("status") String status, @QueryParam("dataType") String dataType) {
        return queue.purge(Params.instant("finishedBefore", finishedBefore), status, dataType, Actor.of(identity));
    }
}
