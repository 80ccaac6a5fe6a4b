package io.tariffwatch.rates.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tariffwatch.rates.config.RatesConfig;
import io.tariffwatch.support.Credentials;
import io.tariffwatch.support.security.BearerToken;
import io.tariffwatch.support.security.BearerTokenIdentities;
import io.tariffwatch.support.security.Callers;
import io.tariffwatch.support.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** The engine knows one caller: the holder of TARIFFWATCH_ADMIN_KEY. Without it, its admin endpoints are closed. */
@ApplicationScoped
public class AdminKeyIdentityProvider extends BearerTokenIdentities {
    private final RatesConfig config;

    AdminKeyIdentityProvider(RatesConfig config) {
        this.config = config;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(BearerToken request, AuthenticationRequestContext context) {
        return config.adminKey().filter(k -> !k.isBlank())
                .map(key -> Credentials.same(key, request.token())
                        ? Uni.createFrom().item(Callers.known("admin", Set.of(Roles.ADMIN)))
                        : Uni.createFrom().<SecurityIdentity>failure(Callers.unknown("send 'Authorization: Bearer <admin key>'")))
                .orElseGet(() -> Uni.createFrom().failure(
                        Callers.unknown("admin endpoints are closed: TARIFFWATCH_ADMIN_KEY is not set")));
    }
}
