package dev.freshet.admin.ui;

import dev.freshet.admin.security.Actor;
import dev.freshet.admin.security.Roles;
import dev.freshet.shared.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** The few things the web UI needs that the operators' API does not answer. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class UiResource {

    private final UiService ui;
    private final UiConfig config;
    private final SecurityIdentity identity;

    public UiResource(UiService ui, UiConfig config, SecurityIdentity identity) {
        this.ui = ui;
        this.config = config;
        this.identity = identity;
    }

    /** Who is signed in; the UI hides write controls unless {@code admin}. */
    @GET
    @Path("/me")
    public UiViews.Me me() {
        List<String> roles = identity.getRoles().stream().sorted().toList();
        return new UiViews.Me(Actor.of(identity), roles, identity.hasRole(Roles.ADMIN));
    }

    @GET
    @Path("/ui-config")
    public UiViews.UiSettings uiConfig() {
        return new UiViews.UiSettings(config.trackerUrl(), config.refreshInterval().toMillis(), config.timelineMinutes());
    }

    @GET
    @Path("/ui/timeline")
    public Uni<UiViews.Timeline> timeline(@QueryParam("minutes") Integer minutes) {
        int m = minutes == null ? config.timelineMinutes() : minutes;
        if (m < 1 || m > UiService.MAX_TIMELINE_MINUTES) {
            throw ProblemException.badRequest("minutes must be between 1 and " + UiService.MAX_TIMELINE_MINUTES);
        }
        return ui.timeline(m);
    }

    @GET
    @Path("/ui/circuits")
    public Uni<List<UiViews.Circuit>> circuits() {
        return ui.circuits();
    }
}
