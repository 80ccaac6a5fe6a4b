package io.tariffwatch.alerts.alerts;

/** The kinds of alert, with the {@code type} a webhook receives. */
public enum AlertType {
    RATE_CHANGED("tariff.rate.changed"),
    /** A correction or withdrawal of an earlier rate change (README "Rate changes"). */
    RATE_CORRECTED("tariff.rate.corrected"),
    RATE_UPCOMING("tariff.rate.upcoming"),
    POLICY_ANNOUNCED("policy.announced"),
    /** A day's alerts of an e-mail subscription with {@code digest: daily}, in one e-mail. */
    DIGEST("tariff.digest"),
    /** The e-mail asking an address to confirm a subscription: the only thing sent before confirmation. */
    SUBSCRIPTION_CONFIRMATION("subscription.confirmation"),
    /** The e-mail telling a subscription's contact that it was disabled: sent although the subscription is. */
    SUBSCRIPTION_DISABLED("subscription.disabled");

    private final String wireName;

    AlertType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
