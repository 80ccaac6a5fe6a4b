package io.tariffwatch.support.outbox;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness stays UP with parked records (the service still works: only those records wait for an
 * operator) but says {@code DEGRADED} with their count, for dashboards and alerts.
 */
@IfBuildProperty(name = OutboxConfig.ENABLED, stringValue = "true")
@Readiness
@ApplicationScoped
public class OutboxHealth implements HealthCheck {
    private final OutboxRelay relay;

    OutboxHealth(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        long parked = relay.parkedCount();
        return HealthCheckResponse.named("outbox").up()
                .withData("state", parked == 0 ? "OK" : "DEGRADED")
                .withData("parked", parked)
                .build();
    }
}
