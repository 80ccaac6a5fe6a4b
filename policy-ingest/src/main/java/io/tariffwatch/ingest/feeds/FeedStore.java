package io.tariffwatch.ingest.feeds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tariffwatch.events.PolicyDocument;
import io.tariffwatch.support.outbox.Outbox;
import io.tariffwatch.support.text.Bounded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The feeds' state: a cursor per watch, every document once, a draft per document. A page of documents is stored in
 * one transaction with its outbox records and the cursor's advance, so the cursor never runs ahead of what was stored,
 * and a document seen again (by another watch, after a restart, by another instance) is skipped by its number.
 */
@ApplicationScoped
public class FeedStore {
    private final EntityManager em;
    private final Outbox outbox;
    private final ObjectMapper mapper;
    private final Clock clock;

    FeedStore(EntityManager em, Outbox outbox, ObjectMapper mapper, Clock clock) {
        this.em = em;
        this.outbox = outbox;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** The day the watch's next poll reads from, when it has read before. */
    @Transactional
    public Optional<LocalDate> cursor(String feed) {
        List<?> rows = em.createNativeQuery("select published_since from feed_cursor where feed = ?1")
                .setParameter(1, feed).getResultList();
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(day(rows.get(0)));
    }

    /**
     * Stores a page: each new document with its record on policy.documents and an open draft; a document first seen
     * on public inspection and now published is noted, nothing sent again. Then the cursor moves to
     * {@code newest} (never back). Returns the new documents.
     */
    @Transactional
    public List<PolicyDocument> storePage(String feed, List<PolicyDocument> documents, LocalDate newest) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<PolicyDocument> added = new java.util.ArrayList<>();
        for (PolicyDocument d : documents) {
            int inserted = em.createNativeQuery("insert into feed_document (document_number, feed, stage, title, "
                            + "payload, seen_at) values (?1, ?2, ?3, ?4, cast(?5 as jsonb), ?6) "
                            + "on conflict (document_number) do nothing")
                    .setParameter(1, d.documentNumber()).setParameter(2, feed).setParameter(3, d.stage().name())
                    .setParameter(4, Bounded.atMost(d.title(), 2000)).setParameter(5, json(d)).setParameter(6, now)
                    .executeUpdate();
            if (inserted == 1) {
                outbox.add(d);
                PolicyDraft.open(d.documentNumber(), now).persist();
                added.add(d);
            } else if (d.stage() == PolicyDocument.Stage.PUBLISHED) {
                em.createNativeQuery("update feed_document set published_seen_at = ?2 where document_number = ?1 "
                                + "and stage = 'PUBLIC_INSPECTION' and published_seen_at is null")
                        .setParameter(1, d.documentNumber()).setParameter(2, now).executeUpdate();
            }
        }
        em.createNativeQuery("insert into feed_cursor (feed, published_since, last_success_at) values (?1, ?2, ?3) "
                        + "on conflict (feed) do update set published_since = greatest(coalesce(feed_cursor.published_since, "
                        + "excluded.published_since), excluded.published_since), last_success_at = excluded.last_success_at")
                .setParameter(1, feed).setParameter(2, newest).setParameter(3, now).executeUpdate();
        return added;
    }

    /** A poll that failed: said in the readiness data and the cursor row; the cursor itself stays. */
    @Transactional
    public void failed(String feed, String why) {
        em.createNativeQuery("insert into feed_cursor (feed, last_failure_at, last_failure) values (?1, ?2, ?3) "
                        + "on conflict (feed) do update set last_failure_at = excluded.last_failure_at, "
                        + "last_failure = excluded.last_failure")
                .setParameter(1, feed).setParameter(2, OffsetDateTime.now(clock))
                .setParameter(3, Bounded.atMost(why, 500)).executeUpdate();
    }

    /** Each watch's last success and failure, for readiness and metrics. */
    @Transactional
    public List<FeedState> states() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select feed, published_since, last_success_at, last_failure_at, "
                + "last_failure from feed_cursor order by feed").getResultList();
        return rows.stream().map(r -> new FeedState((String) r[0],
                day(r[1]), offset(r[2]), offset(r[3]), (String) r[4])).toList();
    }

    public record FeedState(String feed, LocalDate publishedSince, OffsetDateTime lastSuccessAt,
                            OffsetDateTime lastFailureAt, String lastFailure) {
    }

    /** A date column as the driver gives it (LocalDate, or java.sql.Date). */
    private static LocalDate day(Object value) {
        return value == null ? null : value instanceof LocalDate d ? d : ((Date) value).toLocalDate();
    }

    private static OffsetDateTime offset(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime o) {
            return o;
        }
        if (value instanceof java.time.Instant i) {
            return i.atOffset(java.time.ZoneOffset.UTC);
        }
        return ((java.sql.Timestamp) value).toInstant().atOffset(java.time.ZoneOffset.UTC);
    }

    private String json(PolicyDocument d) {
        try {
            return mapper.writeValueAsString(d);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
