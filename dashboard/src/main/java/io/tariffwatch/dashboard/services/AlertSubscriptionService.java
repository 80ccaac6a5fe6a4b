package io.tariffwatch.dashboard.services;

import io.tariffwatch.dashboard.clients.SubscriptionModels;
import io.tariffwatch.dashboard.clients.SubscriptionsClient;
import io.tariffwatch.dashboard.upstream.Fetched;
import io.tariffwatch.dashboard.upstream.Upstream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Subscriptions through alert-service's API: creating one, and managing one with its token. */
@ApplicationScoped
public class AlertSubscriptionService {
    /** The delivery log shows this many alerts' attempts. */
    static final int LOG_ALERTS = 50;

    private final SubscriptionsClient subscriptions;
    private final Upstream alerts;

    AlertSubscriptionService(@RestClient SubscriptionsClient subscriptions, @Named("alert-service") Upstream alerts) {
        this.subscriptions = subscriptions;
        this.alerts = alerts;
    }

    public Fetched<SubscriptionModels.Subscription> subscribe(SubscriptionModels.Request request) {
        return alerts.fetch(() -> subscriptions.create(request));
    }

    public Fetched<SubscriptionModels.Subscription> get(UUID id, String token) {
        return alerts.fetch(() -> subscriptions.get(id, bearer(token)));
    }

    public Fetched<SubscriptionModels.Subscription> update(UUID id, String token, SubscriptionModels.Request change) {
        return alerts.fetch(() -> subscriptions.update(id, bearer(token), change));
    }

    public Fetched<Boolean> delete(UUID id, String token) {
        return alerts.perform(() -> subscriptions.delete(id, bearer(token)));
    }

    public Fetched<List<SubscriptionModels.Delivery>> deliveries(UUID id, String token) {
        return alerts.fetch(() -> subscriptions.deliveries(id, bearer(token), LOG_ALERTS));
    }

    public Fetched<Boolean> retry(UUID id, UUID alertId, String token) {
        return alerts.perform(() -> subscriptions.retry(id, alertId, bearer(token)));
    }

    public Fetched<Boolean> sendTest(UUID id, String token) {
        return alerts.perform(() -> subscriptions.sendTest(id, bearer(token)));
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }
}
