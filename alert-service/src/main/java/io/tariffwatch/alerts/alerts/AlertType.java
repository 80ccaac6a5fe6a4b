package io.tariffwatch.alerts.alerts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The kinds of alert, with the {@code type} a webhook receives. */
public enum AlertType {
    RATE_CHANGED("tariff.rate.changed"),
    /** A correction or withdrawal of an earlier rate change (README "Rate changes"). */
    RATE_CORRECTED("tariff.rate.corrected"),
    RATE_UPCOMING("tariff.rate.upcoming"),
    POLICY_ANNOUNCED("policy.announced"),
    /** A public document that may change tariffs, filed or published (README "Feeds"): for subscribers who ask. */
    POLICY_DOCUMENT("policy.document"),
    /** A day's alerts of an e-mail subscription with {@code digest: daily}, in one e-mail. */
    DIGEST("tariff.digest"),
    /** The e-mail asking an address to confirm a subscription: the only thing sent before confirmation. */
    SUBSCRIPTION_CONFIRMATION("subscription.confirmation"),
    /** The e-mail asking a webhook subscription's contact address to confirm that it wants its notices. */
    CONTACT_CONFIRMATION("subscription.contact-confirmation"),
    /** The e-mail telling a subscription's contact that it was disabled: sent although the subscription is. */
    SUBSCRIPTION_DISABLED("subscription.disabled"),
    /** A signed webhook its owner asked for, to check the receiver (verifying signatures included). */
    WEBHOOK_TEST("webhook.test");

    private final String wireName;

    AlertType(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The e-mails that ask an address for its consent: counted per address (README "Limits"). */
    public boolean asksForConsent() {
        return this == SUBSCRIPTION_CONFIRMATION || this == CONTACT_CONFIRMATION;
    }

    /** Owner notices: e-mails to a subscription's contact address, not to its receiver, whatever its state. */
    public boolean goesToContact() {
        return this == CONTACT_CONFIRMATION || this == SUBSCRIPTION_DISABLED;
    }

    @JsonCreator
    public static AlertType ofWireName(String wireName) {
        for (AlertType t : values()) {
            if (t.wireName.equals(wireName)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no alert type " + wireName);
    }
}
