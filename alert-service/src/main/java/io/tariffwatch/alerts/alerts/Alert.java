package io.tariffwatch.alerts.alerts;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One alert for one subscription, and its place in the durable delivery queue. */
@Entity
@Table(name = "alert")
public class Alert extends PanacheEntityBase {
    /** HELD: waiting for a subscription's daily digest; DIGESTED: sent as part of one. */
    public enum Status { PENDING, DELIVERED, FAILED, HELD, DIGESTED }

    @Id
    public UUID id;

    @Column(name = "subscription_id", nullable = false)
    public UUID subscriptionId;

    /** The rate change, notice or policy event id (unique per subscription). */
    @Column(name = "source_id", nullable = false)
    public String sourceId;

    /** {@link AlertType#wireName()}. */
    @Column(nullable = false)
    public String type;

    /** The alert's {@code data} as JSON. */
    @Column(nullable = false, columnDefinition = "text")
    public String payload;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public OffsetDateTime nextAttemptAt;

    @Column(name = "delivered_at")
    public OffsetDateTime deliveredAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
}
