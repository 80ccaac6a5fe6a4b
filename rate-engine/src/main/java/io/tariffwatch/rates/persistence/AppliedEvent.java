package io.tariffwatch.rates.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.support.persistence.JdbcBatch;
import io.tariffwatch.support.persistence.JdbcBatch.ArrayColumn;
import io.tariffwatch.support.persistence.PlainSql;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

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

    /** Every applied event's JSON, in sequence order: read plainly, as a load of 100,000 events would otherwise be as
     * many managed entities, and the first query of a start would parse HQL (its parser is ~600 classes). */
    public static List<String> payloadsInOrder() {
        return PlainSql.list("select payload from applied_event order by sequence", PlainSql.Parameters.NONE,
                row -> row.getString(1));
    }

    /** A rebuild's first step: no event counts as applied. */
    public static void forgetAll() {
        PlainSql.update("delete from applied_event", PlainSql.Parameters.NONE);
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
        return new HashSet<>(PlainSql.list("select event_id from applied_event where event_id = any(?)",
                PlainSql.Parameters.array("text", eventIds),
                row -> row.getString(1)));
    }
}
