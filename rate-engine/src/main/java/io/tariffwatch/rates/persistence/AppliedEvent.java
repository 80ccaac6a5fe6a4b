package io.tariffwatch.rates.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

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

    /** Which of these event ids were applied already. */
    public static Set<String> known(List<String> eventIds) {
        return AppliedEvent.<AppliedEvent>list("eventId in ?1", eventIds).stream().map(a -> a.eventId)
                .collect(Collectors.toSet());
    }
}
