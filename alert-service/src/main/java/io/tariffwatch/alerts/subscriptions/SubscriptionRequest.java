package io.tariffwatch.alerts.subscriptions;

import com.fasterxml.jackson.databind.JsonNode;

/** The body of {@code POST} and {@code PATCH /api/v1/subscriptions}, read loosely and checked field by field. */
public record SubscriptionRequest(String channel, String target, JsonNode filters, String digest, String status,
                                  String contact) {
}
