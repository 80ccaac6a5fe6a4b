package io.tariffwatch.alerts.alerts;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.tariffwatch.support.persistence.JdbcBatch;
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

import static io.tariffwatch.support.persistence.JdbcBatch.column;

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

    /** Writes these attempts in one statement, inside the caller's transaction (not one insert each). */
    public static void recordAll(List<DeliveryAttempt> attempts) {
        JdbcBatch.insert("delivery_attempt", attempts, "",
                column("alert_id", "uuid", a -> a.alertId),
                column("attempt", "int", a -> a.attempt),
                column("attempted_at", "timestamptz", a -> a.attemptedAt),
                column("status_code", "int", a -> a.statusCode),
                column("outcome", "text", a -> a.outcome.name()),
                column("error", "text", a -> a.error),
                column("duration_ms", "bigint", a -> a.durationMs));
    }
}
