package io.tariffwatch.support.security;

import io.quarkus.security.identity.IdentityProvider;

/** A service's rule for whose a bearer secret is ({@link BearerTokenMechanism} hands every secret to it). */
public abstract class BearerTokenIdentities implements IdentityProvider<BearerToken> {
    @Override
    public final Class<BearerToken> getRequestType() {
        return BearerToken.class;
    }
}
