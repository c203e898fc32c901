package dev.freshet.admin.security;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import jakarta.annotation.Priority;

/**
 * Keeps the OIDC default tenant off unless an issuer ({@code quarkus.oidc.auth-server-url}) is
 * configured: without one, OIDC would refuse to start, and the local users are the only way in.
 */
@Priority(100)
public class OidcActivation implements ConfigSourceInterceptor {

    static final String TENANT_ENABLED = "quarkus.oidc.tenant-enabled";
    static final String AUTH_SERVER_URL = "quarkus.oidc.auth-server-url";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        if (!TENANT_ENABLED.equals(name)) {
            return context.proceed(name);
        }
        ConfigValue issuer = context.proceed(AUTH_SERVER_URL);
        boolean configured = issuer != null && issuer.getValue() != null && !issuer.getValue().isBlank();
        return configured ? context.proceed(name) : ConfigValue.builder().withName(name).withValue("false").build();
    }
}
