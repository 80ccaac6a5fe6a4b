package io.tariffwatch.events;

/** The Kafka topics of CONTRACT section 1. */
public final class Topics {
    public static final String POLICY_EVENTS_INBOUND = "policy.events.inbound";
    public static final String POLICY_EVENTS = "policy.events";
    public static final String POLICY_EVENTS_REJECTED = "policy.events.rejected";
    public static final String RATE_CHANGES = "tariff.rate-changes";
    public static final String NOTICES = "tariff.notices";

    private Topics() {
    }
}
