package dev.freshet.admin.security;

import dev.freshet.admin.AdminConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Set;

/**
 * Checks HTTP Basic credentials against the local users. A username or client address locked out by
 * {@link LoginThrottle} is refused before any hashing; stored users' hashes are checked on the
 * bounded {@link PasswordWork} threads, so guesses cannot take the request workers.
 */
@ApplicationScoped
public class LocalIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger(LocalIdentityProvider.class);

    private final LocalUsers users;
    private final LoginThrottle throttle;
    private final PasswordWork work;
    private final boolean enabled;

    public LocalIdentityProvider(LocalUsers users, LoginThrottle throttle, PasswordWork work, AdminConfig config) {
        this.enabled = config.security().localUsersEnabled();
        this.users = users;
        this.throttle = throttle;
        this.work = work;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!enabled) {
            return Uni.createFrom().failure(new AuthenticationFailedException("local users are off; use an OIDC token"));
        }
        String username = request.getUsername();
        String password = new String(request.getPassword().getPassword());
        String address = address(request);
        if (throttle.lockedUntil(username, address) != null) {
            LOG.debugf("login of '%s' from %s refused: locked out", username, address);
            return Uni.createFrom().failure(new AuthenticationFailedException("too many failed logins; try again later"));
        }
        var configured = users.configured(username, password);
        if (configured.isPresent()) {
            throttle.succeeded(username, address);
            return Uni.createFrom().item(identity(username, configured.get()));
        }
        return users.stored(username)
                .flatMap(stored -> stored.isEmpty() ? Uni.createFrom().item((LocalUsers.StoredUser) null)
                        : work.run(() -> users.verify(stored.get(), password) ? stored.get() : null))
                .onFailure(PasswordWork.Busy.class).transform(e -> new AuthenticationFailedException("busy; try again later"))
                .map(user -> {
                    if (user == null) {
                        throttle.failed(username, address);
                        throw new AuthenticationFailedException("unknown user or wrong password");
                    }
                    throttle.succeeded(username, address);
                    return identity(username, LocalUsers.rolesOf(user.role()));
                });
    }

    private static String address(UsernamePasswordAuthenticationRequest request) {
        RoutingContext rc = HttpSecurityUtils.getRoutingContextAttribute(request);
        return rc == null || rc.request().remoteAddress() == null ? "unknown" : rc.request().remoteAddress().hostAddress();
    }

    private static SecurityIdentity identity(String username, Set<String> roles) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(username))
                .addRoles(roles)
                .build();
    }
}
