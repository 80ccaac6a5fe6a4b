package io.tariffwatch.support.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** The secret of an {@code Authorization: Bearer …} header, for a service's {@code IdentityProvider} to resolve. */
public final class BearerToken extends BaseAuthenticationRequest {
    private final String token;

    public BearerToken(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
