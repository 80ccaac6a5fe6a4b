package io.tariffwatch.rates.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.support.persistence.JdbcBatch;
import io.tariffwatch.support.persistence.JdbcBatch.ArrayColumn;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
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

    /** Records applied events (a poll, a rebuild), each with its JSON, a statement per 500; one recorded already (by an
     * earlier leader) is left as it is. Returns how many were new. */
    public static int recordAll(List<PolicyEvent> events, Function<PolicyEvent, String> payload, Instant at) {
        return JdbcBatch.executeColumns("insert into applied_event (applied_at, event_id, imposer, sequence, payload) "
                + "select ?, * from unnest(?::text[], ?::text[], ?::bigint[], ?::text[]) on conflict do nothing",
                events, List.of(Timestamp.from(at)), List.of(ArrayColumn.text(PolicyEvent::id),
                        ArrayColumn.text(PolicyEvent::imposer), ArrayColumn.bigint(PolicyEvent::sequence),
                        ArrayColumn.text(payload)));
    }

    /** Which of these event ids were applied already. */
    public static Set<String> known(List<String> eventIds) {
        return AppliedEvent.<AppliedEvent>list("eventId in ?1", eventIds).stream().map(a -> a.eventId)
                .collect(Collectors.toSet());
    }
}
