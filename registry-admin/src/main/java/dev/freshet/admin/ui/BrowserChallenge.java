package dev.freshet.admin.ui;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A browser that sees {@code WWW-Authenticate: Basic} on a 401 of a script's request opens its own
 * password dialog over the UI's login form. The UI marks its requests with
 * {@code X-Requested-With: XMLHttpRequest} (the usual convention); for those the challenge is dropped,
 * the 401 and its problem body stay. Other clients keep the challenge.
 */
@ApplicationScoped
public class BrowserChallenge {

    static final String MARKER = "X-Requested-With";

    void install(@Observes Router router) {
        router.route().order(-100).handler(rc -> {
            if ("XMLHttpRequest".equalsIgnoreCase(rc.request().getHeader(MARKER))) {
                rc.addHeadersEndHandler(v -> {
                    if (rc.response().getStatusCode() == 401) {
                        rc.response().headers().remove("WWW-Authenticate");
                    }
                });
            }
            rc.next();
        });
    }
}
