package dev.freshet.admin.security;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import jakarta.annotation.Priority;

/**
 * Keeps the OIDC default tenant off unless an issuer ({@code quarkus.oidc.auth-server-url}) or a
 * verification key ({@code quarkus.oidc.public-key}) is configured: without one, OIDC would refuse to start, and the local users are the only way in.
 */
@Priority(100)
public class OidcActivation implements ConfigSourceInterceptor {

    static final String TENANT_ENABLED = "quarkus.oidc.tenant-enabled";
    static final String AUTH_SERVER_URL = "quarkus.oidc.auth-server-url";
    /** A key to verify tokens with, without asking the issuer (offline verification). */
    static final String PUBLIC_KEY = "quarkus.oidc.public-key";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        if (!TENANT_ENABLED.equals(name)) {
            return context.proceed(name);
        }
        boolean configured = present(context.proceed(AUTH_SERVER_URL)) || present(context.proceed(PUBLIC_KEY));
        return configured ? context.proceed(name) : ConfigValue.builder().withName(name).withValue("false").build();
    }

    private static boolean present(ConfigValue v) {
        return v != null && v.getValue() != null && !v.getValue().isBlank();
    }
}
