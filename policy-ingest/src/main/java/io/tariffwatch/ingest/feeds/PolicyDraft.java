package io.tariffwatch.ingest.feeds;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A document waiting for an analyst: published with the structured fields it lacks it becomes a policy event whose
 * source is the document; dismissed, it is kept as decided. A draft never changes a rate by itself.
 */
@Entity
@Table(name = "policy_draft")
public class PolicyDraft extends PanacheEntityBase {
    public enum Status { OPEN, PUBLISHED, DISMISSED }

    @Id
    public UUID id;

    @Column(name = "document_number", nullable = false, unique = true)
    public String documentNumber;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "decided_at")
    public OffsetDateTime decidedAt;

    @Column(name = "decided_by")
    public String decidedBy;

    @Column(name = "event_id")
    public String eventId;

    static PolicyDraft open(String documentNumber, OffsetDateTime now) {
        PolicyDraft d = new PolicyDraft();
        d.id = UUID.randomUUID();
        d.documentNumber = documentNumber;
        d.status = Status.OPEN;
        d.createdAt = now;
        return d;
    }

    /** Why this draft cannot be decided now, or null. */
    String decisionRefusal() {
        return status == Status.OPEN ? null : "the draft is " + status + " already";
    }

    void published(String eventId, String by, OffsetDateTime now) {
        status = Status.PUBLISHED;
        this.eventId = eventId;
        decidedBy = by;
        decidedAt = now;
    }

    void dismissed(String by, OffsetDateTime now) {
        status = Status.DISMISSED;
        decidedBy = by;
        decidedAt = now;
    }
}
