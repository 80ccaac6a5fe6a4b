package io.tariffwatch.ingest.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.tariffwatch.events.CloudEvents;
import io.tariffwatch.events.Kind;
import io.tariffwatch.events.Topics;
import io.tariffwatch.ingest.repository.EventSequence;
import io.tariffwatch.ingest.repository.StoredPolicyEvent;
import io.tariffwatch.ingest.validation.PolicyEventNormalizer;
import io.tariffwatch.ingest.validation.PolicyEventValidator;
import io.tariffwatch.support.Credentials;
import io.tariffwatch.support.outbox.Outbox;
import io.tariffwatch.support.problem.Problem;
import io.tariffwatch.support.problem.Problem.FieldError;
import io.tariffwatch.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Accepts policy events: validates, normalises, deduplicates by id, records them with the next gap-free
 * sequence and puts them in the outbox for {@code policy.events}, all in one transaction.
 */
@ApplicationScoped
public class PolicyEventService {
    private final ObjectMapper mapper;
    private final EventSequence sequence;
    private final Outbox outbox;
    private final MeterRegistry meters;

    PolicyEventService(ObjectMapper mapper, EventSequence sequence, Outbox outbox, MeterRegistry meters) {
        this.mapper = mapper;
        this.sequence = sequence;
        this.outbox = outbox;
        this.meters = meters;
    }

    /** The checked, normalised event, or a 422 problem naming every bad field. */
    public ObjectNode check(JsonNode event, String pointerPrefix) {
        List<FieldError> errors = PolicyEventValidator.validate(event);
        if (!errors.isEmpty()) {
            List<FieldError> located = errors.stream()
                    .map(e -> new FieldError(pointerPrefix + e.pointer(), e.rule(), e.value(), e.message())).toList();
            meters.counter("tariffwatch.ingest.rejected").increment();
            throw new ProblemException(Problem.of(422, "Unprocessable Content",
                    located.size() + " field(s) of the policy event are not valid", located));
        }
        return PolicyEventNormalizer.normalize((ObjectNode) event);
    }

    @Transactional
    public AcceptedEvent accept(JsonNode event, String publisher) {
        return acceptAll(List.of(event), publisher).get(0);
    }

    /** All or nothing: every event is checked first, then all are recorded in one transaction. */
    @Transactional
    public List<AcceptedEvent> acceptAll(List<JsonNode> events, String publisher) {
        List<ObjectNode> checked = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            try {
                checked.add(check(events.get(i), events.size() == 1 ? "" : "/" + i));
            } catch (ProblemException e) {
                errors.addAll(e.problem().errors());
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.of(422, "Unprocessable Content",
                    errors.size() + " field(s) are not valid; nothing was accepted", errors));
        }
        long last = sequence.lock();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        List<AcceptedEvent> accepted = new ArrayList<>();
        for (ObjectNode event : checked) {
            String id = event.get("id").asText();
            String hash = contentHash(event);
            StoredPolicyEvent existing = StoredPolicyEvent.findById(id);
            if (existing != null) {
                if (!existing.contentHash.equals(hash)) {
                    throw new ProblemException(Problem.of(409, "Conflict", "an event with id '" + id
                            + "' was accepted before with different content; choose a new id", null));
                }
                accepted.add(new AcceptedEvent(read(existing.payload), true));
                continue;
            }
            last++;
            ObjectNode recorded = event.deepCopy();
            recorded.put("sequence", last);
            recorded.put("recordedAt", now.toString());
            if (!recorded.hasNonNull("announcedAt")) {
                recorded.put("announcedAt", now.toString());
            }
            StoredPolicyEvent stored = new StoredPolicyEvent();
            stored.id = id;
            stored.sequence = last;
            stored.imposer = event.get("imposer").asText();
            stored.kind = event.get("kind").asText();
            stored.stage = event.get("stage").asText();
            stored.contentHash = hash;
            stored.payload = recorded.toString();
            stored.publisher = publisher;
            stored.recordedAt = now;
            stored.persist();
            outbox.add(Topics.POLICY_EVENTS, stored.imposer, id,
                    CloudEvents.policyType(Kind.valueOf(stored.kind)), stored.payload);
            meters.counter("tariffwatch.ingest.accepted", "kind", stored.kind).increment();
            accepted.add(new AcceptedEvent(recorded, false));
        }
        sequence.advanceTo(last);
        return accepted;
    }

    public JsonNode read(String payload) {
        try {
            return mapper.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored event is not JSON", e);
        }
    }

    /** SHA-256 of the event with object keys sorted, so that key order does not make a different event. */
    String contentHash(JsonNode event) {
        try {
            return Credentials.sha256Hex(mapper.writeValueAsBytes(canonical(event)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object canonical(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> sorted = new TreeMap<>();
            node.fields().forEachRemaining(e -> sorted.put(e.getKey(), canonical(e.getValue())));
            return sorted;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(n -> list.add(canonical(n)));
            return list;
        }
        return node.isNumber() ? node.decimalValue().stripTrailingZeros().toPlainString() : node;
    }
}
