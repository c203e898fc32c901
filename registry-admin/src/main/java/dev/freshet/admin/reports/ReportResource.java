package dev.freshet.admin.reports;

import dev.freshet.admin.AdminOpenApi;
import dev.freshet.admin.common.Page;
import dev.freshet.admin.common.Params;
import dev.freshet.admin.security.Roles;
import dev.freshet.admin.explain.ExplainService;
import dev.freshet.admin.explain.Explanation;
import dev.freshet.admin.quotas.QuotaForecast;
import dev.freshet.admin.quotas.QuotaReports;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
@Tag(name = "reports", description = "Scheduler health, staleness, quota usage, bottlenecks and explain")
public class ReportResource {

    private final ReportService reports;
    private final QuotaReports quotas;
    private final ExplainService explain;

    public ReportResource(ReportService reports, QuotaReports quotas, ExplainService explain) {
        this.reports = reports;
        this.quotas = quotas;
        this.explain = explain;
    }

    @GET
    @Path("/scheduler-health")
    @Operation(summary = "Scheduler health per checker task")
    @APIResponse(responseCode = "200", description = "the health report")
    public Uni<Reports.SchedulerHealth> schedulerHealth() {
        return reports.schedulerHealth();
    }

    @GET
    @Path("/features/staleness")
    @Operation(summary = "Fresh, aging, stale and missing per tier and data type")
    @APIResponse(responseCode = "200", description = "the staleness report")
    @APIResponse(responseCode = "400", ref = AdminOpenApi.BAD_REQUEST)
    public Uni<Reports.Staleness> staleness(@QueryParam("tier") String tier, @QueryParam("dataType") String dataType) {
        return reports.staleness(tier, dataType);
    }

    @GET
    @Path("/scheduler/execution-history")
    @Operation(summary = "Scheduler runs, newest first")
    @APIResponse(responseCode = "200", description = "a page of runs")
    @APIResponse(responseCode = "400", ref = AdminOpenApi.BAD_REQUEST)
    public Uni<Page<Reports.Execution>> executionHistory(@QueryParam("task") String task, @QueryParam("status") String status,
                                                         @QueryParam("since") String since, @QueryParam("until") String until,
                                                         @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        return reports.executionHistory(task, status, Params.instant("since", since), Params.instant("until", until),
                cursor, limit);
    }

    @GET
    @Path("/bottlenecks")
    @Operation(summary = "Where job time goes: queue wait, fetch, validation, write")
    @APIResponse(responseCode = "200", description = "the bottleneck report")
    @APIResponse(responseCode = "400", ref = AdminOpenApi.BAD_REQUEST)
    public Uni<Reports.Bottlenecks> bottlenecks(@QueryParam("since") String since, @QueryParam("until") String until,
                                                @QueryParam("dataType") String dataType) {
        return reports.bottlenecks(Params.instant("since", since), Params.instant("until", until), dataType);
    }

    @GET
    @Path("/quota")
    @Operation(summary = "Quota usage per provider and time bucket")
    @APIResponse(responseCode = "200", description = "the usage buckets")
    @APIResponse(responseCode = "400", ref = AdminOpenApi.BAD_REQUEST)
    public Uni<QuotaReports.Usage> quotaUsage(@QueryParam("provider") String provider, @QueryParam("since") String since,
                                              @QueryParam("until") String until, @QueryParam("bucket") String bucket) {
        return quotas.usage(provider, Params.instant("since", since), Params.instant("until", until), bucket);
    }

    @GET
    @Path("/quota/forecast")
    @Operation(summary = "Per provider and window: remaining calls and when they run out")
    @APIResponse(responseCode = "200", description = "the forecasts")
    public Uni<List<QuotaForecast>> quotaForecast() {
        return quotas.forecast();
    }

    @GET
    @Path("/explain/{dataType}/{symbol}")
    @Operation(summary = "Why a pair is in its state and what holds it", description = "A global data type uses the symbol *.")
    @APIResponse(responseCode = "200", description = "the explanation")
    @APIResponse(responseCode = "400", ref = AdminOpenApi.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = AdminOpenApi.NOT_FOUND)
    public Uni<Explanation> explain(@PathParam("dataType") String dataType, @PathParam("symbol") String symbol) {
        return explain.explain(dataType, symbol);
    }
}
