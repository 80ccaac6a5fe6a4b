package io.tariffwatch.ingest.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.tariffwatch.events.Kind;
import io.tariffwatch.events.Stage;
import jakarta.persistence.Column;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A policy event as accepted, with the publisher's key name. */
@Entity
@Table(name = "policy_event")
public class StoredPolicyEvent extends PanacheEntityBase {
    private static final int IDS_PER_QUERY = 1_000;

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

    /** The events of these ids accepted so far (in this transaction too), by id: one query. */
    public static Map<String, StoredPolicyEvent> byIds(Collection<String> ids) {
        Map<String, StoredPolicyEvent> found = new HashMap<>();
        List<String> all = List.copyOf(ids);
        // a group of requests may name many thousands: each query binds at most IDS_PER_QUERY parameters
        for (int from = 0; from < all.size(); from += IDS_PER_QUERY) {
            StoredPolicyEvent.<StoredPolicyEvent>list("id in ?1", all.subList(from, Math.min(all.size(), from + IDS_PER_QUERY)))
                    .forEach(e -> found.put(e.id, e));
        }
        return found;
    }
}
