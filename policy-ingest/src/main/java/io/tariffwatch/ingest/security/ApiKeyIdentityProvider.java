package io.tariffwatch.ingest.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tariffwatch.ingest.service.ApiKeyService;
import io.tariffwatch.ingest.service.KeyHolder;
import io.tariffwatch.support.security.BearerToken;
import io.tariffwatch.support.security.BearerTokenIdentities;
import io.tariffwatch.support.security.Callers;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** A bearer secret is an API key: the caller is the key's name, holding its role's grants. */
@ApplicationScoped
public class ApiKeyIdentityProvider extends BearerTokenIdentities {
    private final ApiKeyService keys;

    ApiKeyIdentityProvider(ApiKeyService keys) {
        this.keys = keys;
    }

    /** A key checked recently is answered on the I/O thread; only a lookup in the database goes to a worker (the hop
     * there and back had been a fixed cost of every published event). */
    @Override
    public Uni<SecurityIdentity> authenticate(BearerToken request, AuthenticationRequestContext context) {
        Optional<KeyHolder> recent = keys.recentHolderOf(request.token());
        if (recent.isPresent()) {
            return Uni.createFrom().item(identity(recent.get()));
        }
        return context.runBlocking(() -> keys.holderOf(request.token()).map(ApiKeyIdentityProvider::identity)
                .orElseThrow(() -> Callers.unknown("the API key is unknown or revoked")));
    }

    private static SecurityIdentity identity(KeyHolder key) {
        return Callers.known(key.name(), key.role().grants());
    }
}
