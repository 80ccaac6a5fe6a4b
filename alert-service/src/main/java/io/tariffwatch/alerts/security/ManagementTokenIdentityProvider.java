package io.tariffwatch.alerts.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tariffwatch.alerts.subscriptions.Manager;
import io.tariffwatch.alerts.subscriptions.SubscriptionService;
import io.tariffwatch.support.security.BearerToken;
import io.tariffwatch.support.security.BearerTokenIdentities;
import io.tariffwatch.support.security.Callers;
import io.tariffwatch.support.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.UUID;

/**
 * A bearer secret on alert-service is the admin key or one subscription's management token (stored hashed);
 * the caller then manages all subscriptions, or that one ({@link Manager}).
 */
@ApplicationScoped
public class ManagementTokenIdentityProvider extends BearerTokenIdentities {
    private static final String SUBSCRIPTION = "subscription";

    private final SubscriptionService subscriptions;

    ManagementTokenIdentityProvider(SubscriptionService subscriptions) {
        this.subscriptions = subscriptions;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(BearerToken request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> subscriptions.managerOf(request.token())
                .map(ManagementTokenIdentityProvider::identity)
                .orElseThrow(() -> Callers.unknown("the token is no subscription's management token")));
    }

    private static SecurityIdentity identity(Manager manager) {
        if (manager.admin()) {
            return Callers.known("admin", Set.of(Roles.ADMIN));
        }
        return QuarkusSecurityIdentity.builder(Callers.known("subscription:" + manager.subscription(),
                        Set.of(Roles.SUBSCRIPTION_OWNER)))
                .addAttribute(SUBSCRIPTION, manager.subscription()).build();
    }

    /** The manager an authenticated caller is. */
    public static Manager manager(SecurityIdentity caller) {
        return caller.hasRole(Roles.ADMIN) ? Manager.ADMIN : new Manager((UUID) caller.getAttribute(SUBSCRIPTION));
    }
}
