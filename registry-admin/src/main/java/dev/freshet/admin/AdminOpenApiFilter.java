package dev.freshet.admin;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.List;

/**
 * Every admin operation needs a role: this filter gives each operation under {@code /api/v1/} the
 * two ways to authenticate (HTTP Basic or a bearer JWT) and the 401 and 403 problem responses, in
 * one place instead of on every resource class.
 */
public class AdminOpenApiFilter implements OASFilter {

    static final String ADMIN_PATHS = "/api/v1/";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith(ADMIN_PATHS)) {
                operations(item).forEach(AdminOpenApiFilter::secure);
            }
        });
    }

    private static List<Operation> operations(PathItem item) {
        return item.getOperations() == null ? List.of() : List.copyOf(item.getOperations().values());
    }

    private static void secure(Operation op) {
        if (op.getSecurity() == null || op.getSecurity().isEmpty()) {
            // two requirements: either scheme alone is enough
            op.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme(AdminOpenApi.BASIC),
                    OASFactory.createSecurityRequirement().addScheme(AdminOpenApi.BEARER)));
        }
        if (op.getResponses() == null) {
            op.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = op.getResponses();
        if (!responses.hasAPIResponse("401")) {
            responses.addAPIResponse("401", OASFactory.createAPIResponse().ref(AdminOpenApi.UNAUTHORIZED));
        }
        if (!responses.hasAPIResponse("403")) {
            responses.addAPIResponse("403", OASFactory.createAPIResponse().ref(AdminOpenApi.FORBIDDEN));
        }
    }
}
