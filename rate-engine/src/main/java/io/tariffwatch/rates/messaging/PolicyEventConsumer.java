package io.tariffwatch.rates.messaging;

import io.smallrye.common.annotation.Blocking;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.Topics;
import io.tariffwatch.rates.engine.RateEngine;
import io.tariffwatch.support.messaging.DeadLetters;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Applies {@code policy.events} in order. A record that is not a recorded policy event goes to the
 * dead-letter topic; a database outage of any length is waited out, the record unacknowledged.
 */
@ApplicationScoped
public class PolicyEventConsumer {
    private final RateEngine engine;
    private final DeadLetters deadLetters;

    PolicyEventConsumer(RateEngine engine, DeadLetters deadLetters) {
        this.engine = engine;
        this.deadLetters = deadLetters;
    }

    @Incoming("policy-events")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        deadLetters.processOrDeadLetter("policy-events", record, Topics.POLICY_EVENTS_DLQ_RATE_ENGINE, value -> {
            PolicyEvent event = engine.parse(value);
            if (event.id() == null || event.sequence() == null || event.imposer() == null || event.kind() == null) {
                throw new IllegalArgumentException("a recorded policy event needs id, sequence, imposer and kind");
            }
            engine.apply(event);
        });
    }
}
