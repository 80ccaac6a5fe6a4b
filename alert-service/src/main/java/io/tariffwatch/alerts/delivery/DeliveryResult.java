package io.tariffwatch.alerts.delivery;

import java.time.Duration;

/** How one delivery attempt went. {@code retryAfter} is the receiver's wish, when it stated one. */
public record DeliveryResult(Outcome outcome, Integer statusCode, String error, Duration retryAfter) {
    public enum Outcome {
        DELIVERED,
        /** A failure worth trying again. */
        RETRY,
        /** The receiver says it is gone (HTTP 410): the subscription is disabled. */
        GONE,
        /** Refused before sending (the target is not allowed): no retry will help. */
        FAILED
    }

    public static DeliveryResult delivered(Integer statusCode) {
        return new DeliveryResult(Outcome.DELIVERED, statusCode, null, null);
    }

    public static DeliveryResult retry(Integer statusCode, String error, Duration retryAfter) {
        return new DeliveryResult(Outcome.RETRY, statusCode, error, retryAfter);
    }
}
