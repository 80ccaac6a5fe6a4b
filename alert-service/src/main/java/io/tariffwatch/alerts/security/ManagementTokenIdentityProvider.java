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
 * A bearer secret on alert-service is the admin key or a management token (stored hashed). A management token is
 * resolved against the subscription asked for, not refused here: one that is no subscription's manages nothing and
 * is answered as a missing subscription is (README "Security").
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
        return context.runBlocking(() -> identity(subscriptions.managerOf(request.token())));
    }

    private static SecurityIdentity identity(Manager manager) {
        if (manager.admin()) {
            return Callers.known("admin", Set.of(Roles.ADMIN));
        }
        SecurityIdentity holder = Callers.known("management-token:" + manager.subscription(), Set.of(Roles.MANAGEMENT_TOKEN));
        return manager.subscription() == null ? holder
                : QuarkusSecurityIdentity.builder(holder).addAttribute(SUBSCRIPTION, manager.subscription()).build();
    }

    /** The manager an authenticated caller is. */
    public static Manager manager(SecurityIdentity caller) {
        if (caller.hasRole(Roles.ADMIN)) {
            return Manager.ADMIN;
        }
        UUID subscription = caller.getAttribute(SUBSCRIPTION);
        return subscription == null ? Manager.NOBODY : Manager.of(subscription);
    }
}
