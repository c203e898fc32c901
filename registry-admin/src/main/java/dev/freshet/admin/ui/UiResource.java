package dev.freshet.admin.ui;

import dev.freshet.admin.AdminOpenApi;
import dev.freshet.admin.security.Actor;
import dev.freshet.admin.security.Roles;
import dev.freshet.shared.problem.ProblemException;
import dev.freshet.shared.token.ClientTokenFormat;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/** The few things the web UI needs that the operators' API does not answer. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
@Tag(name = "ui", description = "What the web UI needs beyond the operators' API")
public class UiResource {

    private final UiService ui;
    private final UiConfig config;
    private final SecurityIdentity identity;
    private final Clock clock;

    static final String LIVE_CLIENT_PREFIX = "admin-ui-";
    private static final Pattern LIVE_CLIENT = Pattern.compile("^admin-ui-[A-Za-z0-9-]{1,64}$");

    public UiResource(UiService ui, UiConfig config, SecurityIdentity identity, Clock clock) {
        this.ui = ui;
        this.config = config;
        this.identity = identity;
        this.clock = clock;
    }

    /** Who is signed in; the UI hides write controls unless {@code admin}. */
    @GET
    @Path("/me")
    @Operation(summary = "Who is signed in, with their roles")
    @APIResponse(responseCode = "200", description = "the signed-in user")
    public UiViews.Me me() {
        List<String> roles = identity.getRoles().stream().sorted().toList();
        return new UiViews.Me(Actor.of(identity), roles, identity.hasRole(Roles.ADMIN));
    }

    @GET
    @Path("/ui-config")
    @Operation(summary = "The web UI's settings")
    @APIResponse(responseCode = "200", description = "the settings")
    public UiViews.UiSettings uiConfig() {
        return new UiViews.UiSettings(config.trackerUrl(), config.refreshInterval().toMillis(), config.timelineMinutes());
    }

    /**
     * A short-lived tracker client token for one of the live view's own client ids (they start with
     * {@value #LIVE_CLIENT_PREFIX}, so a viewer cannot speak for an application's clients).
     */
    @GET
    @Path("/ui/tracker-token")
    @Operation(summary = "A short-lived tracker client token for one of the live view's client ids")
    @APIResponse(responseCode = "200", description = "the token (none when the tracker requires none)")
    @APIResponse(responseCode = "400", ref = AdminOpenApi.BAD_REQUEST)
    public UiViews.TrackerToken trackerToken(@QueryParam("clientId") String clientId) {
        if (clientId == null || !LIVE_CLIENT.matcher(clientId).matches()) {
            throw ProblemException.badRequest("clientId must be " + LIVE_CLIENT_PREFIX + " followed by 1-64 letters, digits or hyphens");
        }
        Instant expires = clock.instant().plus(config.trackerTokenLifetime());
        return config.trackerTokenSecret().filter(s -> !s.isBlank())
                .map(s -> new UiViews.TrackerToken(clientId,
                        ClientTokenFormat.issue(s.getBytes(StandardCharsets.UTF_8), clientId, expires), expires))
                .orElseGet(() -> new UiViews.TrackerToken(clientId, null, null));
    }

    @GET
    @Path("/ui/timeline")
    @Operation(summary = "Queue activity per minute for the last minutes")
    @APIResponse(responseCode = "200", description = "the timeline")
    @APIResponse(responseCode = "400", ref = AdminOpenApi.BAD_REQUEST)
    public Uni<UiViews.Timeline> timeline(@QueryParam("minutes") Integer minutes) {
        int m = minutes == null ? config.timelineMinutes() : minutes;
        if (m < 1 || m > UiService.MAX_TIMELINE_MINUTES) {
            throw ProblemException.badRequest("minutes must be between 1 and " + UiService.MAX_TIMELINE_MINUTES);
        }
        return ui.timeline(m);
    }

    @GET
    @Path("/ui/circuits")
    @Operation(summary = "Provider circuit breakers and their state")
    @APIResponse(responseCode = "200", description = "the circuits")
    public Uni<List<UiViews.Circuit>> circuits() {
        return ui.circuits();
    }
}
