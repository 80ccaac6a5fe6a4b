package io.tariffwatch.alerts.delivery;

import io.tariffwatch.alerts.alerts.Alert;
import io.tariffwatch.alerts.subscriptions.Subscription;
import java.util.UUID;

/** An alert taken for one attempt, under a lease, with the subscription it goes to (null if deleted). */
record Claim(UUID alertId, UUID lease, Alert alert, Subscription subscription) {
    /** A notice about the subscription itself: it goes to the subscription's contact, by e-mail. */
    boolean ownerNotice() {
        return alert.type.goesToContact();
    }

    boolean byEmail() {
        return subscription.channel == Subscription.Channel.EMAIL || ownerNotice();
    }
}
