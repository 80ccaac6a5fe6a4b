package io.tariffwatch.rates.messaging;

import io.smallrye.common.annotation.Blocking;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.rates.engine.RateEngine;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Applies {@code policy.events} in order; a record that is not a policy event goes to the dead-letter topic. */
@ApplicationScoped
public class PolicyEventConsumer {
    private final RateEngine engine;

    PolicyEventConsumer(RateEngine engine) {
        this.engine = engine;
    }

    /** Retried while the database is unreachable; a record that cannot be parsed is not retried. */
    @Incoming("policy-events")
    @Blocking
    @Retry(maxRetries = 30, delay = 1, delayUnit = ChronoUnit.SECONDS, jitter = 200,
            abortOn = IllegalArgumentException.class)
    public void consume(String record) {
        PolicyEvent event = engine.parse(record);
        if (event.id() == null || event.sequence() == null || event.imposer() == null || event.kind() == null) {
            throw new IllegalArgumentException("a recorded policy event needs id, sequence, imposer and kind");
        }
        engine.apply(event);
    }
}
