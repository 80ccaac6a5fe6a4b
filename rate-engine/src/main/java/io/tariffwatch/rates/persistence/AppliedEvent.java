package io.tariffwatch.rates.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.List;

/** A policy event the engine has applied; its id is the consumer's idempotency key. */
@Entity
@Table(name = "applied_event")
public class AppliedEvent extends PanacheEntityBase {
    @Id
    @Column(name = "event_id")
    public String eventId;

    @Column(nullable = false)
    public String imposer;

    @Column(nullable = false)
    public long sequence;

    @Column(nullable = false, columnDefinition = "text")
    public String payload;

    @Column(name = "applied_at", nullable = false)
    public OffsetDateTime appliedAt;

    public static List<AppliedEvent> allInOrder() {
        return list("order by sequence");
    }
}
