package io.tariffwatch.alerts.alerts;

import io.quarkus.hibernate.orm.panache.Panache;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A subscription's delivery log, newest alert first, one page at a time: the page's alerts with every
 * attempt of each, read in one query. Pages are keyed by (created_at, id) of the last alert, so a log
 * of any length answers as fast as a short one.
 */
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

    static Page read(UUID subscriptionId, Cursor after, int alerts) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("select a.id, a.source_id, a.type, a.status, "
                        + "d.attempt, d.attempted_at, d.status_code, d.outcome, coalesce(d.error, a.last_error), d.duration_ms, "
                        + "a.created_at from (select * from alert where subscription_id = :sub and (:first or "
                        + "(created_at, id) < (:createdAt, :alertId)) order by created_at desc, id desc limit :n) a "
                        + "left join delivery_attempt d on d.alert_id = a.id "
                        + "order by a.created_at desc, a.id desc, d.attempt desc")
                .setParameter("sub", subscriptionId)
                .setParameter("first", after == null)
                .setParameter("createdAt", after == null ? Timestamp.from(java.time.Instant.EPOCH)
                        : Timestamp.from(after.createdAt().toInstant()))
                .setParameter("alertId", after == null ? new UUID(0, 0) : after.alertId())
                .setParameter("n", alerts)
                .getResultList();
        List<Entry> entries = new ArrayList<>(rows.size());
        Set<UUID> seen = new LinkedHashSet<>();
        Cursor last = null;
        for (Object[] r : rows) {
            UUID alertId = (UUID) r[0];
            seen.add(alertId);
            last = new Cursor(time(r[10]), alertId);
            entries.add(new Entry(alertId, (String) r[1], (String) r[2], (String) r[3],
                    r[4] == null ? 0 : ((Number) r[4]).intValue(), r[5] == null ? null : time(r[5]),
                    r[6] == null ? null : ((Number) r[6]).intValue(), (String) r[7], (String) r[8],
                    r[9] == null ? 0 : ((Number) r[9]).longValue()));
        }
        return new Page(entries, seen.size() == alerts ? last : null);
    }

    private static OffsetDateTime time(Object value) {
        if (value instanceof OffsetDateTime odt) {
            return odt;
        }
        if (value instanceof java.time.Instant i) {
            return i.atOffset(ZoneOffset.UTC);
        }
        return ((Timestamp) value).toInstant().atOffset(ZoneOffset.UTC);
    }
}
