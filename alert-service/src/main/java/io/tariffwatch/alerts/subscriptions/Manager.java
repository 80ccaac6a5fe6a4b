package io.tariffwatch.alerts.subscriptions;

import java.util.UUID;

/**
 * Who presents a bearer secret to alert-service: the admin (manages every subscription), the holder of one
 * subscription's management token, or a token that is no subscription's — which manages nothing, and is told so
 * as a missing subscription is (404), so that neither ids nor tokens can be probed.
 */
public record Manager(boolean admin, UUID subscription) {
    public static final Manager ADMIN = new Manager(true, null);
    public static final Manager NOBODY = new Manager(false, null);

    public static Manager of(UUID subscription) {
        return new Manager(false, subscription);
    }

    public boolean manages(UUID id) {
        return admin || (subscription != null && subscription.equals(id));
    }
}
