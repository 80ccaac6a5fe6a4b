package io.tariffwatch.ingest.service;

import io.tariffwatch.support.domain.Refused;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tariffwatch.events.Kind;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.ingest.repository.EventSequence;
import io.tariffwatch.ingest.repository.StoredPolicyEvent;
import io.tariffwatch.ingest.validation.PolicyEventValidator;
import io.tariffwatch.support.outbox.Outbox;
import io.tariffwatch.support.problem.Problem.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Accepts policy events: validates, normalises, deduplicates by id, records them with the next gap-free
 * sequence and puts them in the outbox for {@code policy.events}, all in one transaction — shared by the
 * requests that arrive together ({@link GroupCommit}), since the sequence lock serialises transactions.
 */
@ApplicationScoped
public class PolicyEventService {
    private final ObjectMapper mapper;
    private final EventSequence sequence;
    private final Outbox outbox;
    private final MeterRegistry meters;
    private final GroupCommit groupCommit;
    private final Clock clock;
    /** Looked up once: the group commit's one thread counts every event it records. */
    private final Map<Kind, Counter> acceptedByKind = new EnumMap<>(Kind.class);

    PolicyEventService(ObjectMapper mapper, EventSequence sequence, Outbox outbox, MeterRegistry meters,
                       GroupCommit groupCommit, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
        this.sequence = sequence;
        this.outbox = outbox;
        this.meters = meters;
        this.groupCommit = groupCommit;
        for (Kind kind : Kind.values()) {
            acceptedByKind.put(kind, meters.counter("tariffwatch.ingest.accepted", "kind", kind.name()));
        }
    }

    /** Every bad field of the event, its pointer under {@code pointerPrefix} (the event's place in a batch). */
    private List<FieldError> violations(JsonNode event, String pointerPrefix) {
        List<FieldError> errors = PolicyEventValidator.validate(event);
        if (!errors.isEmpty()) {
            meters.counter("tariffwatch.ingest.rejected").increment();
        }
        return errors.stream()
                .map(e -> new FieldError(pointerPrefix + e.pointer(), e.rule(), e.value(), e.message())).toList();
    }

    public AcceptedEvent accept(JsonNode event, String publisher) {
        return acceptAll(List.of(event), publisher).get(0);
    }

    /**
     * One event, for a caller on an I/O thread: checked here (invalid: thrown at once), then recorded by the
     * {@link GroupCommit} without this thread waiting; the stage completes when its group commits.
     */
    public CompletionStage<AcceptedEvent> acceptLater(JsonNode event, String publisher) {
        return groupCommit.recordLater(checkedAll(List.of(event)), publisher).thenApply(accepted -> accepted.get(0));
    }

    /**
     * All or nothing: every event is checked first (here, in the caller's thread), then all are recorded
     * together by the {@link GroupCommit}, in one transaction with other requests' events.
     */
    public List<AcceptedEvent> acceptAll(List<JsonNode> events, String publisher) {
        return groupCommit.record(checkedAll(events), publisher);
    }

    /** Every event checked, each bad field reported with its place in a batch; bound once, here: from now on a record. */
    private List<CheckedEvent> checkedAll(List<JsonNode> events) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            errors.addAll(violations(events.get(i), events.size() == 1 ? "" : "/" + i));
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return events.stream().map(this::checked).toList();
    }

    private static Refused invalid(List<FieldError> errors) {
        return Refused.invalid(errors.size() + " field(s) are not valid; nothing was accepted", errors);
    }

    /** One event of many that are accepted or refused each on its own: the event as recorded, or why not. */
    public record Intake(AcceptedEvent accepted, Refused refusal) {
    }

    /**
     * Events that do not depend on each other (the records of one poll of the intake topic): each is checked,
     * then all valid ones are queued for the group commit together, in order, so a poll costs a few commits
     * rather than one each; each is answered by itself — accepted, a repeat, invalid or a conflict. A refusal
     * that is not the event's fault (the database away) is thrown: nothing is answered, and the caller tries
     * all again (what was recorded meanwhile is then a repeat).
     */
    public List<Intake> acceptEach(List<JsonNode> events, String publisher) {
        List<Intake> answers = new ArrayList<>(Collections.nCopies(events.size(), null));
        List<CompletableFuture<List<AcceptedEvent>>> submitted = new ArrayList<>(Collections.nCopies(events.size(), null));
        for (int i = 0; i < events.size(); i++) {
            List<FieldError> errors = violations(events.get(i), "");
            if (errors.isEmpty()) {
                submitted.set(i, groupCommit.submit(List.of(checked(events.get(i))), publisher));
            } else {
                answers.set(i, new Intake(null, invalid(errors)));
            }
        }
        for (int i = 0; i < events.size(); i++) {
            if (submitted.get(i) == null) {
                continue;
            }
            try {
                answers.set(i, new Intake(groupCommit.answer(submitted.get(i)).get(0), null));
            } catch (Refused refused) {
                if (refused.transientRefusal()) {
                    throw refused;
                }
                answers.set(i, new Intake(null, refused));
            }
        }
        return answers;
    }

    /**
     * Records one request's checked events with the next sequences, in the caller's (group) transaction,
     * which holds the sequence lock: a repeat of an accepted event is answered as such, an id accepted with
     * other content fails the request with 409 and records none of its events.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    Recorded record(List<CheckedEvent> checked, String publisher, SequenceRun run) {
        // the group's one lookup, plus what its earlier requests recorded
        Map<String, StoredPolicyEvent.Known> known = run.known();
        Map<String, String> hashes = new HashMap<>();
        for (CheckedEvent checkedEvent : checked) {
            String id = checkedEvent.event().id();
            String hash = checkedEvent.contentHash();
            StoredPolicyEvent.Known existing = known.get(id);
            String named = hashes.putIfAbsent(id, hash);
            // returned, not thrown: an exception would roll back the other requests of the group
            if (existing != null && !existing.contentHash().equals(hash)) {
                return new Recorded(null, Refused.conflict("an event with id '" + id
                        + "' was accepted before with different content; choose a new id"));
            }
            if (named != null && !named.equals(hash)) {
                return new Recorded(null, Refused.conflict("two events of this request have the id '" + id
                        + "' with different content; choose a new id"));
            }
        }
        List<AcceptedEvent> accepted = new ArrayList<>();
        for (CheckedEvent checkedEvent : checked) {
            PolicyEvent event = checkedEvent.event();
            String id = event.id();
            StoredPolicyEvent.Known existing = known.get(id);
            if (existing != null) {
                accepted.add(new AcceptedEvent(recorded(existing.payload()), existing.payload(), true));
                continue;
            }
            long next = run.next();
            PolicyEvent recorded = event.recorded(next, run.now());
            StoredPolicyEvent stored = new StoredPolicyEvent();
            stored.id = id;
            stored.sequence = next;
            stored.imposer = event.imposer();
            stored.kind = event.kind();
            stored.stage = event.stage();
            stored.contentHash = checkedEvent.contentHash();
            // written once: the stored payload and the outbox record are the same JSON
            stored.payload = json(recorded);
            stored.publisher = publisher;
            stored.recordedAt = run.now();
            run.stored().add(stored);
            known.put(id, stored.known()); // named again later in this group: a repeat
            run.messages().add(new Outbox.Written(recorded, stored.payload));
            acceptedByKind.get(stored.kind).increment();
            accepted.add(new AcceptedEvent(recorded, stored.payload, false));
        }
        return new Recorded(accepted, null);
    }

    /** What recording one request gave: its accepted events, or the problem that refused all of them. */
    record Recorded(List<AcceptedEvent> accepted, Refused refusal) {
    }

    /** The sequence numbers handed out in one group transaction, the events and outbox records it writes, and the
     * events of its ids known so far (recorded before the group, or by its earlier requests). */
    static final class SequenceRun {
        private long last;
        private final OffsetDateTime now;
        private final List<StoredPolicyEvent> stored = new ArrayList<>();
        private final List<Outbox.Written> messages = new ArrayList<>();
        private final Map<String, StoredPolicyEvent.Known> known;

        SequenceRun(long last, OffsetDateTime now, Map<String, StoredPolicyEvent.Known> known) {
            this.last = last;
            this.now = now;
            this.known = known;
        }

        Map<String, StoredPolicyEvent.Known> known() {
            return known;
        }

        List<StoredPolicyEvent> stored() {
            return stored;
        }

        long next() {
            return ++last;
        }

        long last() {
            return last;
        }

        OffsetDateTime now() {
            return now;
        }

        List<Outbox.Written> messages() {
            return messages;
        }
    }

    /** Opens a group: locks the sequence (serialising groups, keeping it gap-free in commit order), then looks up
     * which of the group's ids are recorded — once for the group, not once per request (a poll of the intake topic
     * is hundreds of requests). */
    @Transactional(Transactional.TxType.MANDATORY)
    SequenceRun begin(Collection<String> ids) {
        long last = sequence.lock();
        return new SequenceRun(last, OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS), StoredPolicyEvent.knownByIds(ids));
    }

    /** Closes a group: its events and outbox records in a few statements, the sequence advanced. */
    @Transactional(Transactional.TxType.MANDATORY)
    void finish(SequenceRun run) {
        StoredPolicyEvent.insertAll(run.stored());
        outbox.addWritten(run.messages());
        sequence.advanceTo(run.last());
    }

    public JsonNode read(String payload) {
        try {
            return mapper.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored event is not JSON", e);
        }
    }

    /** A valid event's tree bound, normalised and hashed. */
    private CheckedEvent checked(JsonNode valid) {
        PolicyEvent event = bind(valid).normalized();
        return new CheckedEvent(event, ContentHash.of(mapper, event));
    }

    /** A valid event's tree as the contract's record. */
    private PolicyEvent bind(JsonNode valid) {
        try {
            return mapper.treeToValue(valid, PolicyEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a valid event does not bind: the validator and the record disagree", e);
        }
    }

    /** A stored event as recorded. */
    private PolicyEvent recorded(String payload) {
        try {
            return mapper.readValue(payload, PolicyEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored event is not a policy event", e);
        }
    }

    private String json(PolicyEvent event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
