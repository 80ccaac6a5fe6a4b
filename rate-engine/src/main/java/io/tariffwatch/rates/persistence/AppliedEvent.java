package io.tariffwatch.rates.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.support.persistence.JdbcBatch;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.tariffwatch.support.persistence.JdbcBatch.column;

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

    /** Records applied events in one statement per thousand (a poll, a rebuild), each with its JSON; one recorded already (by an
     * earlier leader) is left as it is. Returns how many were new. */
    public static int recordAll(List<PolicyEvent> events, Function<PolicyEvent, String> payload, Instant at) {
        return JdbcBatch.insert("applied_event", events, "on conflict do nothing",
                column("event_id", "text", PolicyEvent::id),
                column("imposer", "text", PolicyEvent::imposer),
                column("sequence", "bigint", PolicyEvent::sequence),
                column("payload", "text", payload),
                column("applied_at", "timestamptz", e -> at));
    }

    /** Which of these event ids were applied already. */
    public static Set<String> known(List<String> eventIds) {
        return AppliedEvent.<AppliedEvent>list("eventId in ?1", eventIds).stream().map(a -> a.eventId)
                .collect(Collectors.toSet());
    }
}
