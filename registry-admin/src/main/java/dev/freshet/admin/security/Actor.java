package dev.freshet.admin.security;

import io.quarkus.security.identity.SecurityIdentity;

/** The name recorded as the author of a change. */
public final class Actor {

    private Actor() {
    }

    public static String of(SecurityIdentity identity) {
        return identity == null || identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }
}
