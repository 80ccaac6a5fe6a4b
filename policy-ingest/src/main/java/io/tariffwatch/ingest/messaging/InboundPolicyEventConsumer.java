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
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

    @Incoming("policy-events-inbound")
    @Blocking
    public void consume(ConsumerRecord<byte[], byte[]> record) {
        patience.untilDone("policy-events-inbound", () -> acceptOrReject(record));
    }

    private void acceptOrReject(ConsumerRecord<byte[], byte[]> record) {
        String text = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
        Problem problem;
        try {
            JsonNode event = mapper.readTree(text);
            if (event == null || event.isMissingNode()) {
                throw new IOException("the record is empty");
            }
            events.accept(event, PUBLISHER);
            return;
        } catch (IOException e) {
            problem = Problem.of(400, "Bad Request", "the record is not valid JSON: " + e.getMessage(), null);
        } catch (Refused e) {
            if (e.transientRefusal()) {
                throw e; // not the record's fault (the service is busy or stopping): retried, never rejected
            }
            problem = ProblemMappers.of(e);
        }
        reject(record, text, problem);
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
    void reject(ConsumerRecord<byte[], byte[]> record, String text, Problem problem) {
        String ceId = record.topic() + "-" + record.partition() + "-" + record.offset();
        outbox.add(new Rejection(rejectedKey(record.key()), ceId, Bounded.atMost(text, MAX_QUOTED_CHARS),
                text.length() > MAX_QUOTED_CHARS, List.of(problem)));
        LOG.infof("rejected %s: %s", ceId, problem.detail());
    }
}
