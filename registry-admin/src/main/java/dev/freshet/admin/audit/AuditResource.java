package dev.freshet.admin.audit;

import dev.freshet.admin.AdminConfig;
import dev.freshet.admin.AdminOpenApi;
import dev.freshet.admin.common.Json;
import dev.freshet.admin.common.Page;
import dev.freshet.admin.common.Params;
import dev.freshet.admin.common.Rows;
import dev.freshet.admin.security.Roles;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Who changed what in the registry, flags, quotas and queue, newest first. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
@Tag(name = "audit", description = "Who changed what, when")
public class AuditResource {

    static final Set<String> ENTITY_TYPES = Set.of("registry", "flag", "quota", "job", "aggregation", "local_user", "login");

    private final Pool pool;
    private final AdminConfig config;

    public AuditResource(Pool pool, AdminConfig config) {
        this.pool = pool;
        this.config = config;
    }

    @GET
    @Operation(summary = "Audit entries, newest first")
    @APIResponse(responseCode = "200", description = "a page of audit entries")
    @APIResponse(responseCode = "400", ref = AdminOpenApi.BAD_REQUEST)
    public Uni<Page<AuditEntry>> list(@QueryParam("entityType") String entityType, @QueryParam("entityId") String entityId,
                                      @QueryParam("actor") String actor, @QueryParam("since") String since,
                                      @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        int n = Params.limit(limit, config.defaultPageSize(), config.maxPageSize());
        Tuple params = Tuple.from(Arrays.asList(Params.oneOf("entityType", entityType, ENTITY_TYPES), entityId, actor,
                Params.utc(Params.instant("since", since)), Params.cursor(cursor), n));
        return pool.preparedQuery(AuditSql.LIST).execute(params).map(rows -> {
            List<AuditEntry> items = new ArrayList<>();
            for (Row r : rows) {
                items.add(new AuditEntry(r.getLong("audit_id"), Rows.instant(r, "at"), r.getString("actor"),
                        r.getString("entity_type"), r.getString("entity_id"), r.getString("action"),
                        Json.node(r.getValue("before")), Json.node(r.getValue("after"))));
            }
            return Page.of(items, n, AuditEntry::auditId);
        });
    }
}
