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

    /** Set as the alert was queued (an e-mail subscription's alert, or an owner notice): holds also when the
     * subscription is gone. */
    boolean byEmail() {
        return alert.byEmail;
    }
}
