package dev.freshet.admin.ui;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.URI;

/**
 * Headers that keep the UI from being framed, sniffed or fed foreign scripts: a Content-Security-Policy
 * allowing only this origin (plus the tracker, which the live view calls), no framing, no MIME
 * sniffing, no referrer. Swagger UI, which runs inline scripts, is on the management interface, outside this router.
 */
@ApplicationScoped
public class SecurityHeaders {

    private final String policy;

    public SecurityHeaders(UiConfig config) {
        // the live view imports the tracker's browser client (/client/freshet.js) from the tracker's origin
        this.policy = "default-src 'self'; connect-src 'self' " + origin(config.trackerUrl())
                + "; script-src 'self' " + origin(config.trackerUrl())
                + "; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    void install(@Observes Router router) {
        router.route().order(-99).handler(rc -> {
            rc.addHeadersEndHandler(v -> {
                var headers = rc.response().headers();
                headers.set("Content-Security-Policy", policy);
                headers.set("X-Content-Type-Options", "nosniff");
                headers.set("Referrer-Policy", "no-referrer");
                headers.set("X-Frame-Options", "DENY");
            });
            rc.next();
        });
    }

    /** scheme://host[:port] of the tracker as the browser reaches it; invalid settings fall back to nothing extra. */
    static String origin(String url) {
        try {
            URI u = URI.create(url.trim());
            if (u.getScheme() == null || u.getHost() == null) {
                return "";
            }
            return u.getScheme() + "://" + u.getHost() + (u.getPort() == -1 ? "" : ":" + u.getPort());
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
