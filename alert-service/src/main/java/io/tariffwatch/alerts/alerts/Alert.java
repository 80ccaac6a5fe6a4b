package io.tariffwatch.alerts.alerts;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.tariffwatch.support.text.Bounded;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.PrimaryKeyJoinColumn;
import jakarta.persistence.SecondaryTable;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.SecondaryRow;
import org.hibernate.type.SqlTypes;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One alert for one subscription, and its place in the durable delivery queue. Its status changes only
 * through the methods below, which say what happened. What it says ({@code alert}) is written once; its delivery
 * state ({@code alert_delivery}: status, attempts, when due, lease, outcome) is the narrow row that leases and
 * outcomes rewrite.
 */
@Entity
@Table(name = "alert")
@SecondaryTable(name = Alert.DELIVERY_STATE, pkJoinColumns = @PrimaryKeyJoinColumn(name = "alert_id"))
@SecondaryRow(table = Alert.DELIVERY_STATE, optional = false)
@DynamicUpdate // a change of state rewrites the delivery state alone, never the payload
public class Alert extends PanacheEntityBase {
    /** HELD: waiting for a subscription's daily digest; DIGESTED: sent as part of one. */
    public enum Status { PENDING, DELIVERED, FAILED, HELD, DIGESTED }

    static final String DELIVERY_STATE = "alert_delivery";
    private static final int MAX_ERROR = 1000;

    @Id
    public UUID id;

    @Column(name = "subscription_id", nullable = false)
    public UUID subscriptionId;

    /** The rate change, notice or policy event id (unique per subscription). */
    @Column(name = "source_id", nullable = false)
    public String sourceId;

    /** Stored as its wire name ({@link AlertTypeColumn}). */
    @Column(nullable = false)
    public AlertType type;

    /** The alert's {@code data}: a JSON column, read typed by {@code AlertContent} and the senders. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public String payload;

    @Enumerated(EnumType.STRING)
    @Column(table = DELIVERY_STATE, nullable = false)
    public Status status;

    @Column(table = DELIVERY_STATE, nullable = false)
    public int attempts;

    /** Whether it goes by e-mail: set when queued, from the subscription's channel and the type; claims take each
     * channel's due alerts apart. */
    @Column(table = DELIVERY_STATE, name = "by_email", nullable = false, insertable = false, updatable = false)
    public boolean byEmail;

    /** When it is due; while leased, when the lease runs out. */
    @Column(table = DELIVERY_STATE, name = "next_attempt_at", nullable = false)
    public OffsetDateTime nextAttemptAt;

    @Column(table = DELIVERY_STATE, name = "delivered_at")
    public OffsetDateTime deliveredAt;

    @Column(table = DELIVERY_STATE, name = "last_error")
    public String lastError;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    /** Set while an instance has the alert in flight; null otherwise. */
    @Column(table = DELIVERY_STATE, name = "lease_id")
    public UUID leaseId;

    /** An instance takes the alert until {@code until}: nobody else sends it meanwhile. */
    public void leased(UUID lease, OffsetDateTime until) {
        leaseId = lease;
        nextAttemptAt = until;
    }

    /** Whether an outcome reported under {@code lease} is still this alert's to record. */
    public boolean heldUnder(UUID lease) {
        return status == Status.PENDING && lease.equals(leaseId);
    }

    /** In flight somewhere: leased, and the lease has not run out. */
    public boolean inFlight(OffsetDateTime now) {
        return status == Status.PENDING && leaseId != null && nextAttemptAt.isAfter(now);
    }

    public void attempted() {
        attempts++;
    }

    public void delivered(OffsetDateTime now) {
        status = Status.DELIVERED;
        deliveredAt = now;
        lastError = null;
        leaseId = null;
    }

    public void failed(String reason) {
        status = Status.FAILED;
        lastError = Bounded.atMost(reason, MAX_ERROR);
        leaseId = null;
    }

    public void retryAt(OffsetDateTime when, String error) {
        status = Status.PENDING;
        nextAttemptAt = when;
        lastError = Bounded.atMost(error, MAX_ERROR);
        leaseId = null;
    }

    /** Sent again as soon as a worker is free (manual retry); refused by the caller while in flight. */
    public void requeued(OffsetDateTime now) {
        retryAt(now, lastError);
    }

    public void digested() {
        status = Status.DIGESTED;
    }
}
