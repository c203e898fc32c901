package dev.freshet.admin.security;

import dev.freshet.admin.AdminConfig;
import dev.freshet.shared.problem.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Answers a Basic header that is not base64 of "user:password" with a 401 before authentication
 * runs: the built-in mechanism would fail on it with an unexpected exception (a 500).
 */
public class MalformedBasicCredentials {

    private final String challenge;

    public MalformedBasicCredentials(AdminConfig config) {
        this.challenge = "Basic realm=\"" + config.security().realm() + "\", charset=\"UTF-8\"";
    }

    @ServerRequestFilter(preMatching = true)
    public Response check(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            if (decoded.indexOf(':') > 0) {
                return null;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the 401 below
        }
        return Response.status(401).type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .entity(Problem.of(401, "Unauthorized", "the Authorization header is not valid Basic credentials")
                        .withInstance(request.getUriInfo().getPath()))
                .build();
    }
}
