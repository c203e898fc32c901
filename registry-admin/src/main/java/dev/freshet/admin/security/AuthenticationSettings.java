package dev.freshet.admin.security;

import dev.freshet.admin.AdminConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Refuses to start with an unsafe way in: an OIDC issuer without an audience would accept any token
 * that issuer signs for any other application; local users switched off without OIDC would lock
 * everyone out.
 */
@ApplicationScoped
public class AuthenticationSettings {

    static final String AUDIENCE = "quarkus.oidc.token.audience";

    void onStart(@Observes StartupEvent event, Config config, AdminConfig admin) {
        Optional<String> issuer = config.getOptionalValue(OidcActivation.AUTH_SERVER_URL, String.class)
                .or(() -> config.getOptionalValue(OidcActivation.PUBLIC_KEY, String.class));
        List<String> problems = problems(issuer,
                config.getOptionalValues(AUDIENCE, String.class), admin.security().localUsersEnabled());
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
    }

    /** @param issuer the OIDC issuer or verification key, when OIDC is configured */
    static List<String> problems(Optional<String> issuer, Optional<List<String>> audience, boolean localUsers) {
        boolean oidc = issuer.filter(s -> !s.isBlank()).isPresent();
        List<String> problems = new ArrayList<>();
        if (oidc && audience.map(a -> a.stream().noneMatch(s -> !s.isBlank())).orElse(true)) {
            problems.add("an OIDC issuer (quarkus.oidc.auth-server-url) is configured without an audience: set "
                    + "QUARKUS_OIDC_TOKEN_AUDIENCE to this application's client id");
        }
        if (!oidc && !localUsers) {
            problems.add("local users are off (FRESHET_ADMIN_LOCAL_USERS=false) but no OIDC issuer is configured: "
                    + "nobody could sign in");
        }
        return problems;
    }
}
