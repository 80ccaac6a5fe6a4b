package io.tariffwatch.events;

/** The Kafka topics of the README's "Topics". */
public final class Topics {
    public static final String POLICY_EVENTS_INBOUND = "policy.events.inbound";
    public static final String POLICY_EVENTS = "policy.events";
    public static final String POLICY_EVENTS_REJECTED = "policy.events.rejected";
    public static final String RATE_CHANGES = "tariff.rate-changes";
    public static final String NOTICES = "tariff.notices";
    public static final String POLICY_DOCUMENTS = "policy.documents";

    /** Dead-letter topics, {@code <topic>.dlq.<consuming service>}: records that consumer can never process. */
    public static final String POLICY_EVENTS_DLQ_RATE_ENGINE = "policy.events.dlq.rate-engine";
    public static final String RATE_CHANGES_DLQ_ALERT_SERVICE = "tariff.rate-changes.dlq.alert-service";
    public static final String NOTICES_DLQ_ALERT_SERVICE = "tariff.notices.dlq.alert-service";
    public static final String POLICY_EVENTS_DLQ_ALERT_SERVICE = "policy.events.dlq.alert-service";
    public static final String POLICY_DOCUMENTS_DLQ_ALERT_SERVICE = "policy.documents.dlq.alert-service";

    private Topics() {
    }
}
