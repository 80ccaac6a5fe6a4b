package io.tariffwatch.support.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while a consumer waits for its database or broker: its records are not being processed. */
@Readiness
@ApplicationScoped
public class ConsumerHealth implements HealthCheck {
    private final PatientConsumer consumer;

    ConsumerHealth(PatientConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, String> waiting = consumer.waiting();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("consumers").status(waiting.isEmpty());
        waiting.forEach(response::withData);
        return response.build();
    }
}
