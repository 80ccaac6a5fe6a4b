package io.tariffwatch.ingest.feeds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tariffwatch.events.PolicyDocument;
import io.tariffwatch.ingest.service.AcceptedEvent;
import io.tariffwatch.ingest.service.PolicyEventService;
import io.tariffwatch.support.domain.Refused;
import io.tariffwatch.support.problem.Problem.FieldError;
import io.tariffwatch.support.text.Bounded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Drafts: a document becomes a policy event when an analyst supplies what it means (kind, targets, measure, rate,
 * dates); the document is its source. Publishing goes through the same validation and recording as any event.
 */
@ApplicationScoped
public class DraftService {
    /** Drafts listed per request at most. */
    static final int MAX_LISTED = 200;

    private final PolicyEventService events;
    private final ObjectMapper mapper;
    private final Clock clock;

    DraftService(PolicyEventService events, ObjectMapper mapper, Clock clock) {
        this.events = events;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** A draft with its document, as the API shows it. */
    public record DraftView(UUID id, PolicyDraft.Status status, OffsetDateTime createdAt, OffsetDateTime decidedAt,
                            String decidedBy, String eventId, PolicyDocument document) {
    }

    @Transactional
    public List<DraftView> list(PolicyDraft.Status status, int limit) {
        List<PolicyDraft> drafts = PolicyDraft.<PolicyDraft>find("status = ?1 order by createdAt desc", status)
                .page(0, Math.min(limit, MAX_LISTED)).list();
        if (drafts.isEmpty()) {
            return List.of();
        }
        // their documents in one query, not one each
        Map<String, FeedDocument> documents = FeedDocument.<FeedDocument>list("documentNumber in ?1",
                        drafts.stream().map(d -> d.documentNumber).toList()).stream()
                .collect(Collectors.toMap(doc -> doc.documentNumber, doc -> doc));
        return drafts.stream().map(d -> view(d, documents.get(d.documentNumber))).toList();
    }

    @Transactional
    public DraftView get(UUID id) {
        return view(draft(id, false));
    }

    /**
     * Completes the draft into a policy event and records it: the body holds the event's fields but its source (the
     * document); {@code id} defaults to {@code fr-<document number>} and {@code headline} to the document's title.
     * An event recorded before the draft was marked (a crash in between) is recognised as the same on a retry.
     */
    public AcceptedEvent publish(UUID id, JsonNode completion, String publisher) {
        DraftView draft = decidable(id);
        if (completion == null || !completion.isObject()) {
            throw Refused.invalid("the body is a JSON object of the event's fields", List.of(
                    new FieldError("", "type", completion == null ? null : completion.getNodeType().name(), "an object")));
        }
        if (completion.has("source")) {
            throw Refused.invalid("the document is the event's source", List.of(
                    new FieldError("/source", "set-by-draft", null, "left out: the draft's document is the source")));
        }
        PolicyDocument doc = draft.document();
        ObjectNode event = completion.deepCopy();
        if (!event.hasNonNull("id")) {
            event.put("id", "fr-" + doc.documentNumber().toLowerCase(Locale.ROOT));
        }
        if (!event.hasNonNull("headline")) {
            event.put("headline", Bounded.atMost(doc.title(), 500));
        }
        ObjectNode source = event.putObject("source");
        source.put("url", doc.htmlUrl());
        source.put("citation", doc.citation() != null ? doc.citation() : "FR Doc. " + doc.documentNumber());
        source.put("publisher", "Federal Register");
        AcceptedEvent accepted = events.accept(event, publisher);
        decided(id, d -> d.published(accepted.recorded().id(), publisher, OffsetDateTime.now(clock)));
        return accepted;
    }

    public DraftView dismiss(UUID id, String by) {
        decidable(id);
        return decided(id, d -> d.dismissed(by, OffsetDateTime.now(clock)));
    }

    @Transactional
    DraftView decidable(UUID id) {
        PolicyDraft d = draft(id, false);
        if (d.decisionRefusal() != null) {
            throw Refused.conflict(d.decisionRefusal());
        }
        return view(d);
    }

    @Transactional
    DraftView decided(UUID id, Consumer<PolicyDraft> decision) {
        PolicyDraft d = draft(id, true);
        if (d.decisionRefusal() != null) {
            throw Refused.conflict(d.decisionRefusal());
        }
        decision.accept(d);
        return view(d);
    }

    private static PolicyDraft draft(UUID id, boolean lock) {
        PolicyDraft d = lock ? PolicyDraft.findById(id, LockModeType.PESSIMISTIC_WRITE) : PolicyDraft.findById(id);
        if (d == null) {
            throw Refused.notFound("no draft " + id);
        }
        return d;
    }

    private DraftView view(PolicyDraft d) {
        return view(d, FeedDocument.findById(d.documentNumber));
    }

    private DraftView view(PolicyDraft d, FeedDocument doc) {
        try {
            return new DraftView(d.id, d.status, d.createdAt, d.decidedAt, d.decidedBy, d.eventId,
                    mapper.readValue(doc.payload, PolicyDocument.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored document " + d.documentNumber + " does not read", e);
        }
    }
}
