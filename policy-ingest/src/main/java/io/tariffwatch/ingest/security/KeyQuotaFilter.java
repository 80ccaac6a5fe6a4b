package io.tariffwatch.ingest.security;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.tariffwatch.ingest.config.IngestConfig;
import io.tariffwatch.support.quota.ClientQuotas;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Each API key's request quota (429 beyond it), counted once per request that names a key. */
@ApplicationScoped
public class KeyQuotaFilter {
    /** API keys tracked at once for their quota: far more than any deployment issues. */
    private static final int MAX_TRACKED_KEYS = 10_000;

    private final CurrentIdentityAssociation callers;
    private final ClientQuotas perKey;

    KeyQuotaFilter(CurrentIdentityAssociation callers, IngestConfig config) {
        this.callers = callers;
        this.perKey = new ClientQuotas("requests per API key", config.quota().perKey(), MAX_TRACKED_KEYS);
    }

    @ServerRequestFilter
    public Uni<Void> admitKey() {
        return callers.getDeferredIdentity()
                .invoke(caller -> {
                    if (!caller.isAnonymous()) {
                        perKey.admit(caller.getPrincipal().getName());
                    }
                })
                .replaceWithVoid();
    }
}
