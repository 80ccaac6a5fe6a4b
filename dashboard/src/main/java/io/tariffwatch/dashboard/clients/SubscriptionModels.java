package io.tariffwatch.dashboard.clients;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tariffwatch.events.Stage;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** The subscription API's bodies, as the dashboard writes and reads them. */
public final class SubscriptionModels {
    private SubscriptionModels() {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Filters(List<String> imposers, List<String> partners, List<String> products, List<String> kinds,
                          BigDecimal minDelta, Stage minStage) {
    }

    /** A new subscription, or the fields a PATCH changes (null ones are left out). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Request(String channel, String target, Filters filters, String digest, String status,
                          String contact) {
    }

    public record Subscription(UUID id, String channel, String target, Filters filters, String digest, String status,
                               String disabledReason, String contact, Boolean contactConfirmed, String token,
                               String secret, OffsetDateTime createdAt) {
    }

    public record Delivery(UUID alertId, String sourceId, String type, String alertStatus, int attempt,
                           OffsetDateTime attemptedAt, Integer statusCode, String outcome, String error,
                           long durationMs) {
    }
}
