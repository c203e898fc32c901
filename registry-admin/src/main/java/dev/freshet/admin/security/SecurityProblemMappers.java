package dev.freshet.admin.security;

import dev.freshet.admin.AdminConfig;
import dev.freshet.shared.problem.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** 401 and 403 as problem details; a 401 names the schemes a client may use. */
public class SecurityProblemMappers {

    private final String challenge;

    public SecurityProblemMappers(AdminConfig config,
                                  @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "false") boolean oidc) {
        String basic = "Basic realm=\"" + config.security().realm() + "\", charset=\"UTF-8\"";
        this.challenge = oidc ? "Bearer realm=\"" + config.security().realm() + "\", " + basic : basic;
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthorized(uri, "authentication is required");
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthorized(uri, "the credentials were not accepted");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return Response.status(403).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(403, "Forbidden", "this operation needs the admin role").withInstance(uri.getPath()))
                .build();
    }

    private Response unauthorized(UriInfo uri, String detail) {
        return Response.status(401).type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .entity(Problem.of(401, "Unauthorized", detail).withInstance(uri.getPath()))
                .build();
    }
}
