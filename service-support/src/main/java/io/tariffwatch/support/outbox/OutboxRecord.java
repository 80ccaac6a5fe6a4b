package io.tariffwatch.support.outbox;

import io.tariffwatch.support.persistence.PlainSql;
import io.tariffwatch.support.text.Bounded;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.List;

/** A Kafka record waiting to be published, written in the same transaction as the change it reports
 * (the {@code outbox} table of service-support's {@code db/outbox} migrations). Waiting, then deleted once
 * published; or parked when the broker refuses it for good, until an operator retries or drops it. */
@Entity
@Table(name = "outbox")
public class OutboxRecord extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String topic;

    @Column(name = "record_key")
    public String recordKey;

    /** The CloudEvents id and type; source and time are added when published. */
    @Column(name = "ce_id", nullable = false)
    public String ceId;

    @Column(name = "ce_type", nullable = false)
    public String ceType;

    @Column(nullable = false, columnDefinition = "text")
    public String payload;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "parked_at")
    public OffsetDateTime parkedAt;

    @Column(name = "park_reason")
    public String parkReason;

    private static final int MAX_REASON = 1000;

    public void parked(String reason, OffsetDateTime now) {
        parkedAt = now;
        parkReason = Bounded.atMost(reason, MAX_REASON);
    }

    /** An operator's retry: the relay takes it up again, in id order with the rest. */
    public void unparked() {
        parkedAt = null;
        parkReason = null;
    }

    public boolean isParked() {
        return parkedAt != null;
    }

    public static List<OutboxRecord> parked(int limit) {
        return find("parkedAt is not null order by id").page(0, limit).list();
    }

    /** In the caller's own transaction: through the partial index of parked records, never a scan of the table (which
     * the planner chose while the outbox grew faster than its statistics: ~9 ms a count against 0.1 ms). */
    public static long countParked() {
        PlainSql.readThroughIndexes();
        return PlainSql.list("select count(*) from outbox where parked_at is not null", PlainSql.Parameters.NONE,
                row -> row.getLong(1)).get(0);
    }

    /** A record waiting to be published, as the relay sends it: read by JDBC, not as a managed entity (Hibernate's
     * result handling had been a third of the relay's own time). */
    record Waiting(long id, String topic, String key, String ceId, String ceType, String payload,
                          OffsetDateTime createdAt) {
    }

    /** The first {@code limit} records waiting (not parked), in id order. */
    static List<Waiting> waiting(int limit) {
        return PlainSql.list("select id, topic, record_key, ce_id, ce_type, payload, created_at from outbox "
                        + "where parked_at is null order by id limit ?",
                PlainSql.Parameters.of(limit),
                row -> new Waiting(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getString(5), row.getString(6), row.getObject(7, OffsetDateTime.class)));
    }

    /** Records the broker acknowledged: they are on the topic, so the table keeps them no longer. One statement
     * with the ids as one array: {@code id in (…)} made Hibernate expand the list into a new statement per size. */
    static void deletePublished(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        PlainSql.update("delete from outbox where id = any(?)",
                PlainSql.Parameters.array("int8", ids));
    }
}
