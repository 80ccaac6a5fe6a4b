package io.tariffwatch.ingest.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tariffwatch.ingest.service.ApiKeyService;
import io.tariffwatch.support.security.BearerToken;
import io.tariffwatch.support.security.BearerTokenIdentities;
import io.tariffwatch.support.security.Callers;
import jakarta.enterprise.context.ApplicationScoped;

/** A bearer secret is an API key: the caller is the key's name, holding its role's grants. */
@ApplicationScoped
public class ApiKeyIdentityProvider extends BearerTokenIdentities {
    private final ApiKeyService keys;

    ApiKeyIdentityProvider(ApiKeyService keys) {
        this.keys = keys;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(BearerToken request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> keys.holderOf(request.token())
                .map(key -> Callers.known(key.name(), key.role().grants()))
                .orElseThrow(() -> Callers.unknown("the API key is unknown or revoked")));
    }
}
