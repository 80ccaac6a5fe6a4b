package io.tariffwatch.alerts.alerts;

/** How one delivery attempt ended, as the delivery log shows it. */
public enum AttemptOutcome {
    DELIVERED,
    /** A failure worth trying again. */
    RETRY,
    /** The receiver says it is gone (HTTP 410): the subscription is disabled. */
    GONE,
    /** Refused before sending (the target is not allowed): no retry will help. */
    FAILED
}
