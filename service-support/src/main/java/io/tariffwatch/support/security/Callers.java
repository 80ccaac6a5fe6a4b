package io.tariffwatch.support.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.util.Set;

/** How identity providers say who a bearer token belongs to, or that nobody it should. */
public final class Callers {
    private Callers() {
    }

    /** A caller named {@code name} holding {@code roles}. */
    public static SecurityIdentity known(String name, Set<String> roles) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(name)).addRoles(roles).build();
    }

    /** A token nobody holds (or no longer): 401 with {@code detail}. */
    public static AuthenticationFailedException unknown(String detail) {
        return new AuthenticationFailedException(detail);
    }
}
