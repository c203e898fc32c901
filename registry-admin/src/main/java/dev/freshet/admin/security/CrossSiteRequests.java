package dev.freshet.admin.security;

import dev.freshet.shared.problem.Problem;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Set;

/**
 * Refuses a state-changing request that a page on another site could have sent: a browser attaches
 * an operator's cached Basic credentials to a cross-site form post, but a form can only send form or
 * text bodies and no custom header, and anything else needs a CORS preflight this service never
 * grants. So a write must carry a JSON body type or an {@code X-Requested-With} header (the UI sends
 * both); {@code curl -X POST} without a body adds {@code -H 'X-Requested-With: curl'}.
 */
public class CrossSiteRequests {

    static final String MARKER = "X-Requested-With";
    private static final Set<String> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    @ServerRequestFilter(preMatching = true)
    public Response check(ContainerRequestContext request) {
        if (SAFE.contains(request.getMethod()) || request.getHeaderString(MARKER) != null || json(request.getMediaType())) {
            return null;
        }
        return Response.status(403).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(403, "Forbidden", "a request that changes something must send a JSON body "
                                + "(Content-Type: application/json) or an X-Requested-With header")
                        .withInstance(request.getUriInfo().getPath()))
                .build();
    }

    private static boolean json(MediaType type) {
        return type != null && type.getType().equalsIgnoreCase("application")
                && (type.getSubtype().equalsIgnoreCase("json") || type.getSubtype().toLowerCase().endsWith("+json"));
    }
}
