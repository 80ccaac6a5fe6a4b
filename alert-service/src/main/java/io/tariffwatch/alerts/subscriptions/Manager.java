package io.tariffwatch.alerts.subscriptions;

import java.util.UUID;

/** Who may manage subscriptions: the holder of one subscription's management token, or the admin (all of them). */
public record Manager(UUID subscription) {
    public static final Manager ADMIN = new Manager(null);

    public boolean admin() {
        return subscription == null;
    }

    public boolean manages(UUID id) {
        return admin() || subscription.equals(id);
    }
}
