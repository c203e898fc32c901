package dev.freshet.admin.queue;

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

@Path("/api/v1/queue")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class QueueResource {

    private final QueueService queue;
    private final SecurityIdentity identity;

    public QueueResource(QueueService queue, SecurityIdentity identity) {
        this.queue = queue;
        this.identity = identity;
    }

    @GET
    @Path("/stats")
    public Uni<QueueViews.Stats> stats(@QueryParam("since") String since) {
        return queue.stats(Params.instant("since", since));
    }

    @GET
    @Path("/jobs")
    public Uni<Page<QueueViews.Job>> jobs(@QueryParam("status") String status, @QueryParam("dataType") String dataType,
                                          @QueryParam("symbol") String symbol, @QueryParam("cursor") String cursor,
                                          @QueryParam("limit") Integer limit) {
        return queue.jobs(status, dataType, symbol, cursor, limit);
    }

    @POST
    @Path("/jobs")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<QueueViews.Action> refresh(QueueViews.ManualRefresh request) {
        if (request == null) {
            throw ProblemException.badRequest("{\"dataType\", \"symbol\"} is required in the body");
        }
        return queue.refresh(request.dataType(), request.symbol(), Actor.of(identity));
    }

    @POST
    @Path("/jobs/{jobId}/retry")
    @RolesAllowed(Roles.ADMIN)
    public Uni<QueueViews.Action> retry(@PathParam("jobId") long jobId) {
        return queue.retry(jobId, Actor.of(identity));
    }

    @POST
    @Path("/jobs/{jobId}/cancel")
    @RolesAllowed(Roles.ADMIN)
    public Uni<QueueViews.Action> cancel(@PathParam("jobId") long jobId) {
        return queue.cancel(jobId, Actor.of(identity));
    }

    @GET
    @Path("/history")
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
    public Uni<QueueViews.Purged> purge(@QueryParam("finishedBefore") String finishedBefore,
                                        @QueryParam("status") String status, @QueryParam("dataType") String dataType) {
        return queue.purge(Params.instant("finishedBefore", finishedBefore), status, dataType, Actor.of(identity));
    }
}
