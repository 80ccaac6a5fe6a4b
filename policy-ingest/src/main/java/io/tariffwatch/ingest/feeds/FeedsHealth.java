package io.tariffwatch.ingest.feeds;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The feeds in the readiness data: each watch's last successful poll, its lag and its last failure. Always UP: a
 * feed that fails must not take ingest out of service (its REST and Kafka intake do not depend on it).
 */
@Readiness
@ApplicationScoped
public class FeedsHealth implements HealthCheck {
    private final FeedStore store;
    private final FeedsConfig config;
    private final Clock clock;

    FeedsHealth(FeedStore store, FeedsConfig config, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("feeds").up().withData("enabled", config.enabled());
        try {
            for (FeedStore.FeedState s : store.states()) {
                r.withData(s.feed() + ".lastSuccess", String.valueOf(s.lastSuccessAt()));
                if (s.lastSuccessAt() != null) {
                    r.withData(s.feed() + ".lagSeconds",
                            Duration.between(s.lastSuccessAt().toInstant(), clock.instant()).toSeconds());
                }
                if (s.lastFailureAt() != null) {
                    r.withData(s.feed() + ".lastFailure", s.lastFailureAt() + " " + s.lastFailure());
                }
            }
        } catch (RuntimeException dbDown) {
            r.withData("state", "unknown: " + dbDown.getMessage()); // the datasource check reports the database
        }
        return r.build();
    }
}
