package dev.freshet.admin.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/** Checks HTTP Basic credentials against the local users. */
@ApplicationScoped
public class LocalIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private final LocalUsers users;

    public LocalIdentityProvider(LocalUsers users) {
        this.users = users;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        String username = request.getUsername();
        String password = new String(request.getPassword().getPassword());
        var configured = users.configured(username, password);
        if (configured.isPresent()) {
            return Uni.createFrom().item(identity(username, configured.get()));
        }
        return users.stored(username).flatMap(stored -> stored.isEmpty()
                ? Uni.createFrom().failure(new AuthenticationFailedException("unknown user or wrong password"))
                : context.runBlocking(() -> {
                    if (!users.verify(stored.get(), password)) {
                        throw new AuthenticationFailedException("unknown user or wrong password");
                    }
                    return identity(username, LocalUsers.rolesOf(stored.get().role()));
                }));
    }

    private static SecurityIdentity identity(String username, Set<String> roles) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(username))
                .addRoles(roles)
                .build();
    }
}
