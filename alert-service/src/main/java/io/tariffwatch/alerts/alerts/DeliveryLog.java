package io.tariffwatch.alerts.alerts;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** A subscription's delivery log as its owner reads it, a page at a time ({@link AlertRepository#deliveryLog}). */
public final class DeliveryLog {
    private DeliveryLog() {
    }

    /** One attempt of an alert (attempt 0: not tried yet). */
    public record Entry(UUID alertId, String sourceId, String type, String alertStatus, int attempt,
                        OffsetDateTime attemptedAt, Integer statusCode, String outcome, String error, long durationMs) {
    }

    /** Where a page starts: after the alert created at {@code createdAt} with id {@code alertId}. */
    public record Cursor(OffsetDateTime createdAt, UUID alertId) {
        /** "2025-04-10T04:01:00.123456Z,<uuid>" as written in a next link; null when it is not one. */
        public static Cursor parse(String text) {
            int comma = text == null ? -1 : text.indexOf(',');
            if (comma < 0 || text.length() > 100) {
                return null;
            }
            try {
                return new Cursor(OffsetDateTime.parse(text.substring(0, comma)), UUID.fromString(text.substring(comma + 1)));
            } catch (RuntimeException e) {
                return null;
            }
        }

        @Override
        public String toString() {
            return createdAt.withOffsetSameInstant(ZoneOffset.UTC) + "," + alertId;
        }
    }

    public record Page(List<Entry> entries, Cursor next) {
    }
}
