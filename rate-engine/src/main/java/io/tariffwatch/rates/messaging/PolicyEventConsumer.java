package io.tariffwatch.rates.messaging;

import io.smallrye.common.annotation.Blocking;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.Topics;
import io.tariffwatch.rates.engine.RateEngine;
import io.tariffwatch.rates.replicas.CaughtUp;
import io.tariffwatch.support.messaging.DeadLetters;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Applies {@code policy.events} in order, a poll at a time. A record that is not a recorded policy event goes
 * to the dead-letter topic; a database outage of any length is waited out, the records unacknowledged.
 */
@ApplicationScoped
public class PolicyEventConsumer {
    private final RateEngine engine;
    private final DeadLetters deadLetters;
    private final CaughtUp caughtUp;

    PolicyEventConsumer(RateEngine engine, DeadLetters deadLetters, @Readiness CaughtUp caughtUp) {
        this.engine = engine;
        this.deadLetters = deadLetters;
        this.caughtUp = caughtUp;
    }

    /** One poll's records at once (up to {@code max.poll.records}): a burst or a replay is applied in steps of
     * many events, each one diff per touched pair and one transaction ({@link RateEngine#applyAll}). */
    @Incoming("policy-events")
    @Blocking
    public void consume(ConsumerRecords<String, String> records) {
        deadLetters.processAllOrDeadLetter("policy-events", records, Topics.POLICY_EVENTS_DLQ_RATE_ENGINE,
                this::recorded, engine::applyAll);
        records.forEach(caughtUp::processed);
    }

    private PolicyEvent recorded(String value) {
        PolicyEvent event = engine.parse(value);
        if (event.id() == null || event.sequence() == null || event.imposer() == null || event.kind() == null) {
            throw new IllegalArgumentException("a recorded policy event needs id, sequence, imposer and kind");
        }
        return event;
    }
}
