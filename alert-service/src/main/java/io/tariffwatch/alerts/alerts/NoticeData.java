package io.tariffwatch.alerts.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The data of the alerts that are not about tariffs, written and read as these records (those about tariffs carry the
 * contract's records: rate change, notice, policy event, document). Consent requests carry none: {@code {}}.
 */
public final class NoticeData {
    private NoticeData() {
    }

    /** {@code subscription.disabled}: why. */
    public record Disabled(String reason) {
    }

    /** {@code tariff.digest}: the alerts it groups, each with its type and data as it was held. */
    public record DigestOf(OffsetDateTime from, OffsetDateTime until, List<Item> alerts) {
        public record Item(AlertType type, JsonNode data) {
        }
    }

    /** {@code webhook.test}. */
    public record WebhookTest(UUID subscriptionId, Instant sentAt, String message) {
    }
}
