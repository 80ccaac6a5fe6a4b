package io.tariffwatch.ingest.messaging;

import io.tariffwatch.support.domain.Refused;
import io.tariffwatch.support.problem.ProblemMappers;
import io.tariffwatch.support.text.Bounded;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import io.tariffwatch.events.Topics;
import io.tariffwatch.ingest.service.PolicyEventService;
import io.tariffwatch.support.messaging.PatientConsumer;
import io.tariffwatch.support.outbox.Outbox;
import io.tariffwatch.support.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The Kafka intake: records on {@code policy.events.inbound} go through the same checks as REST ones. A
 * valid record is accepted (deduplicated by id across both paths); anything else goes to
 * {@code policy.events.rejected} with the problems attached, and the consumer moves on. A database outage
 * is waited out, the record unacknowledged ({@link PatientConsumer}).
 */
@ApplicationScoped
public class InboundPolicyEventConsumer {
    static final String PUBLISHER = "kafka:" + Topics.POLICY_EVENTS_INBOUND;
    private static final Logger LOG = Logger.getLogger(InboundPolicyEventConsumer.class);
    private static final int MAX_KEY_BYTES = 200;
    private static final int MAX_QUOTED_CHARS = 100_000;

    private final PolicyEventService events;
    private final Outbox outbox;
    private final ObjectMapper mapper;
    private final PatientConsumer patience;

    InboundPolicyEventConsumer(PolicyEventService events, Outbox outbox, ObjectMapper mapper, PatientConsumer patience) {
        this.events = events;
        this.outbox = outbox;
        this.mapper = mapper;
        this.patience = patience;
    }

    /**
     * One poll's records at once (up to {@code max.poll.records}): the valid ones are recorded together by the
     * group commit, each accepted or refused by itself, and the rest rejected in one transaction. Should the
     * database be away, the whole poll is tried again: what was accepted meanwhile is a repeat then, and no
     * rejection was written yet.
     */
    @Incoming("policy-events-inbound")
    @Blocking
    public void consume(ConsumerRecords<byte[], byte[]> records) {
        List<ConsumerRecord<byte[], byte[]>> polled = new ArrayList<>(records.count());
        records.forEach(polled::add);
        patience.untilDone("policy-events-inbound", () -> acceptOrReject(polled));
    }

    private void acceptOrReject(List<ConsumerRecord<byte[], byte[]>> polled) {
        List<Rejected> rejected = new ArrayList<>();
        List<Parsed> parsed = new ArrayList<>(polled.size());
        for (ConsumerRecord<byte[], byte[]> record : polled) {
            String text = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
            try {
                JsonNode event = mapper.readTree(text);
                if (event == null || event.isMissingNode()) {
                    throw new IOException("the record is empty");
                }
                parsed.add(new Parsed(record, text, event));
            } catch (IOException e) {
                rejected.add(new Rejected(record, text, Problem.of(400, "Bad Request",
                        "the record is not valid JSON: " + e.getMessage(), null)));
            }
        }
        List<PolicyEventService.Intake> answers = events.acceptEach(parsed.stream().map(Parsed::event).toList(), PUBLISHER);
        for (int i = 0; i < answers.size(); i++) {
            Refused refusal = answers.get(i).refusal();
            if (refusal != null) {
                rejected.add(new Rejected(parsed.get(i).record(), parsed.get(i).text(), ProblemMappers.of(refusal)));
            }
        }
        if (!rejected.isEmpty()) {
            rejectAll(rejected);
        }
    }

    /** A record that is JSON, with its text (quoted as sent should it be rejected). */
    private record Parsed(ConsumerRecord<byte[], byte[]> record, String text, JsonNode event) {
    }

    /** A record that goes to {@code policy.events.rejected}, and why. */
    private record Rejected(ConsumerRecord<byte[], byte[]> record, String text, Problem problem) {
    }

    /** The key a rejected record keeps: as sent when it is short printable text; else none (any bytes can
     * arrive on the intake topic, and a NUL or a megabyte must not stop it). */
    static String rejectedKey(byte[] key) {
        if (key == null || key.length > MAX_KEY_BYTES) {
            return null;
        }
        String text = new String(key, StandardCharsets.UTF_8);
        return text.chars().allMatch(c -> c >= 0x20 && c != 0x7f && c != 0xfffd) ? text : null;
    }

    @Transactional
    void rejectAll(List<Rejected> rejected) {
        List<Rejection> rejections = new ArrayList<>(rejected.size());
        for (Rejected r : rejected) {
            String ceId = r.record().topic() + "-" + r.record().partition() + "-" + r.record().offset();
            rejections.add(new Rejection(rejectedKey(r.record().key()), ceId, Bounded.atMost(r.text(), MAX_QUOTED_CHARS),
                    r.text().length() > MAX_QUOTED_CHARS, List.of(r.problem())));
            LOG.infof("rejected %s: %s", ceId, r.problem().detail());
        }
        outbox.addAll(rejections);
    }
}
