package io.tariffwatch.alerts.delivery;

import io.tariffwatch.alerts.alerts.AttemptOutcome;
import java.time.Duration;

/** How one delivery attempt went. {@code retryAfter} is the receiver's wish, when it stated one. */
public record DeliveryResult(AttemptOutcome outcome, Integer statusCode, String error, Duration retryAfter) {
    public static DeliveryResult delivered(Integer statusCode) {
        return new DeliveryResult(AttemptOutcome.DELIVERED, statusCode, null, null);
    }

    public static DeliveryResult retry(Integer statusCode, String error, Duration retryAfter) {
        return new DeliveryResult(AttemptOutcome.RETRY, statusCode, error, retryAfter);
    }
}
