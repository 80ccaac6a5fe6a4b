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
import java.sql.Timestamp;
import java.sql.Types;
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

    /** Writes these attempts in JDBC batches, inside the caller's transaction: a batch of outcomes is one
     * round trip, not one insert each. */
    public static void recordAll(List<DeliveryAttempt> attempts) {
        JdbcBatch.execute("insert into delivery_attempt (alert_id, attempt, attempted_at, status_code, outcome, "
                + "error, duration_ms) values (?, ?, ?, ?, ?, ?, ?)", attempts, (insert, a) -> {
                    insert.setObject(1, a.alertId);
                    insert.setInt(2, a.attempt);
                    insert.setTimestamp(3, Timestamp.from(a.attemptedAt.toInstant()));
                    if (a.statusCode == null) {
                        insert.setNull(4, Types.INTEGER);
                    } else {
                        insert.setInt(4, a.statusCode);
                    }
                    insert.setString(5, a.outcome.name());
                    insert.setString(6, a.error);
                    insert.setLong(7, a.durationMs);
                });
    }
}
