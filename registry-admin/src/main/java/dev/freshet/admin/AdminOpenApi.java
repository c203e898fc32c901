package dev.freshet.admin;

import dev.freshet.shared.problem.Problem;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The admin API's OpenAPI document: its security schemes and the problem responses the resources
 * refer to by name, so every operation documents its failures the same way. Declares no resources:
 * every resource class is still discovered.
 */
@OpenAPIDefinition(
        info = @Info(title = "Freshet registry admin", version = "1",
                description = "The operators' API: data type registry, feature flags, provider quotas, queue operations, "
                        + "reports, explain, audit log and local users. Reads need the viewer role, writes the admin role."),
        components = @Components(
                securitySchemes = {
                        @SecurityScheme(securitySchemeName = AdminOpenApi.BASIC, type = SecuritySchemeType.HTTP,
                                scheme = "basic", description = "A local user (configured or stored) with its password"),
                        @SecurityScheme(securitySchemeName = AdminOpenApi.BEARER, type = SecuritySchemeType.HTTP,
                                scheme = "bearer", bearerFormat = "JWT",
                                description = "An access token from the OIDC issuer (when QUARKUS_OIDC_AUTH_SERVER_URL is set); "
                                        + "roles from its groups claim")},
                responses = {
                        @APIResponse(name = AdminOpenApi.BAD_REQUEST, description = "invalid input; nothing changed",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                                        examples = @ExampleObject(name = "invalid field", value = """
                                                {"type": "about:blank", "title": "Bad request", "status": 400,
                                                 "detail": "the data type is not valid", "instance": "/api/v1/registry",
                                                 "errors": ["ttlSeconds must be positive"]}"""))),
                        @APIResponse(name = AdminOpenApi.UNAUTHORIZED,
                                description = "no credentials, or credentials not accepted; WWW-Authenticate names the schemes",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = AdminOpenApi.FORBIDDEN, description = "the caller lacks the role this operation needs",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = AdminOpenApi.NOT_FOUND, description = "no such entity",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = AdminOpenApi.CONFLICT,
                                description = "the entity changed meanwhile, already exists, or its state does not allow this",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))}))
public class AdminOpenApi extends Application {

    public static final String BASIC = "basic";
    public static final String BEARER = "bearer";
    public static final String BAD_REQUEST = "BadRequest";
    public static final String UNAUTHORIZED = "Unauthorized";
    public static final String FORBIDDEN = "Forbidden";
    public static final String NOT_FOUND = "NotFound";
    public static final String CONFLICT = "Conflict";
}
