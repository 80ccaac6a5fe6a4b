package io.tariffwatch.ingest.feeds;

import io.tariffwatch.events.PolicyDocument;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A document a feed saw, once by its number; its record as published on policy.documents. */
@Entity
@Table(name = "feed_document")
public class FeedDocument extends PanacheEntityBase {
    @Id
    @Column(name = "document_number")
    public String documentNumber;

    @Column(nullable = false)
    public String feed;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public PolicyDocument.Stage stage;

    @Column(nullable = false)
    public String title;

    @Column(nullable = false, columnDefinition = "jsonb")
    @JdbcTypeCode(SqlTypes.JSON)
    public String payload;

    @Column(name = "seen_at", nullable = false)
    public OffsetDateTime seenAt;

    @Column(name = "published_seen_at")
    public OffsetDateTime publishedSeenAt;
}
