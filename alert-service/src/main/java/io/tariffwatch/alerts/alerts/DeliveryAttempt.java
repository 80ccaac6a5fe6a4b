package io.tariffwatch.alerts.alerts;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.tariffwatch.support.persistence.JdbcBatch;
import io.tariffwatch.support.persistence.JdbcBatch.ArrayColumn;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** One try to deliver an alert: the delivery log. */
@Entity
@Table(name = "delivery_attempt")
public class DeliveryAttempt extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "alert_id", nullable = false)
    public UUID alertId;

    @Column(nullable = false)
    public int attempt;

    @Column(name = "attempted_at", nullable = false)
    public OffsetDateTime attemptedAt;

    @Column(name = "status_code")
    public Integer statusCode;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AttemptOutcome outcome;

    public String error;

    @Column(name = "duration_ms", nullable = false)
    public long durationMs;

    /** Writes these attempts inside the caller's transaction, a statement per 500 (their columns as arrays): a batch
     * of outcomes is one statement, not one insert each. */
    public static void recordAll(List<DeliveryAttempt> attempts) {
        JdbcBatch.executeColumns("insert into delivery_attempt (alert_id, attempt, attempted_at, status_code, outcome, "
                + "error, duration_ms) select alert::uuid, attempt, attempted_at::timestamptz, status_code, outcome, "
                + "error, duration_ms from unnest(?::text[], ?::bigint[], ?::text[], ?::bigint[], ?::text[], ?::text[], "
                + "?::bigint[]) as a(alert, attempt, attempted_at, status_code, outcome, error, duration_ms)",
                attempts, List.of(), List.of(ArrayColumn.text(a -> a.alertId.toString()),
                        ArrayColumn.bigint(a -> (long) a.attempt), ArrayColumn.text(a -> a.attemptedAt.toString()),
                        ArrayColumn.bigint(a -> a.statusCode == null ? null : a.statusCode.longValue()),
                        ArrayColumn.text(a -> a.outcome.name()), ArrayColumn.text(a -> a.error),
                        ArrayColumn.bigint(a -> a.durationMs)));
    }
}
