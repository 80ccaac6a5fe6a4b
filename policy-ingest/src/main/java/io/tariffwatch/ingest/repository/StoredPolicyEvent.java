package io.tariffwatch.ingest.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.tariffwatch.events.Kind;
import io.tariffwatch.events.Stage;
import io.tariffwatch.support.persistence.JdbcBatch;
import io.tariffwatch.support.persistence.JdbcBatch.ArrayColumn;
import io.tariffwatch.support.persistence.PlainSql;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A policy event as accepted, with the publisher's key name. */
@Entity
@Table(name = "policy_event")
public class StoredPolicyEvent extends PanacheEntityBase {
    @Id
    public String id;

    @Column(nullable = false, unique = true)
    public long sequence;

    @Column(nullable = false)
    public String imposer;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Stage stage;

    @Column(name = "content_hash", nullable = false)
    public String contentHash;

    /** The recorded event as published on {@code policy.events}. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public String payload;

    @Column(nullable = false)
    public String publisher;

    @Column(name = "recorded_at", nullable = false)
    public OffsetDateTime recordedAt;

    /** What deduplication needs of an accepted event: its content hash, and its payload to answer a repeat. */
    public record Known(String contentHash, String payload) {
    }

    /** The events of these ids accepted before, by id: one plain query (an entity each, and an HQL statement parsed
     * anew for each number of ids, had been a sixth of the group commit's time). */
    public static Map<String, Known> knownByIds(Collection<String> ids) {
        PlainSql.readThroughIndexes();
        return PlainSql.map("select id, content_hash, payload from policy_event where id = any(?)",
                PlainSql.Parameters.array("text", ids),
                row -> row.getString(1), row -> new Known(row.getString(2), row.getString(3)));
    }

    /** Records newly accepted events with one statement per few hundred (the group commit's rows). */
    public static void insertAll(List<StoredPolicyEvent> accepted) {
        JdbcBatch.executeColumns("insert into policy_event (id, sequence, imposer, kind, stage, content_hash, payload, "
                        + "publisher, recorded_at) select id, sequence, imposer, kind, stage, content_hash, payload::jsonb, "
                        + "publisher, recorded_at from unnest(?::text[], ?::int8[], ?::text[], ?::text[], ?::text[], "
                        + "?::text[], ?::text[], ?::text[], ?::timestamptz[]) as r(id, sequence, imposer, kind, stage, "
                        + "content_hash, payload, publisher, recorded_at)",
                accepted, List.of(), List.of(ArrayColumn.text(e -> e.id), ArrayColumn.bigint(e -> e.sequence),
                        ArrayColumn.text(e -> e.imposer), ArrayColumn.text(e -> e.kind.name()),
                        ArrayColumn.text(e -> e.stage.name()), ArrayColumn.text(e -> e.contentHash),
                        ArrayColumn.text(e -> e.payload), ArrayColumn.text(e -> e.publisher),
                        ArrayColumn.text(e -> e.recordedAt.toString())));
    }

    /** What deduplication knows of this event once accepted. */
    public Known known() {
        return new Known(contentHash, payload);
    }
}
