package io.tariffwatch.rates.replicas;

import io.tariffwatch.rates.engine.RateEngine;
import io.tariffwatch.rates.messaging.PolicyEventLog;
import io.tariffwatch.rates.messaging.PolicyEventLog.Extent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Not ready until this replica has applied {@code policy.events} as far as it reached when first asked, on top
 * of its book loaded from the database: until then its answers could differ from the other replicas'. Once
 * caught up, it stays so (later lag is the normal delay of following the topic).
 */
@Readiness
@ApplicationScoped
public class CaughtUp implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(CaughtUp.class);
    private static final Duration ASK_DEADLINE = Duration.ofSeconds(3);

    private final RateEngine engine;
    private final PolicyEventLog log;
    /** Per partition, the offset after the last record processed. */
    private final Map<TopicPartition, Long> reached = new ConcurrentHashMap<>();
    private volatile Map<TopicPartition, Extent> target;
    private volatile boolean caughtUp;

    CaughtUp(RateEngine engine, PolicyEventLog log) {
        this.engine = engine;
        this.log = log;
    }

    /** A record is processed: applied, found applied, or dead-lettered. */
    public void processed(ConsumerRecord<?, ?> record) {
        reached.merge(new TopicPartition(record.topic(), record.partition()), record.offset() + 1, Math::max);
    }

    @Override
    public HealthCheckResponse call() {
        if (!caughtUp) {
            caughtUp = engine.loaded() && reachedTarget();
        }
        return HealthCheckResponse.named("policy-events caught up").status(caughtUp)
                .withData("leading", engine.leading()).build();
    }

    private boolean reachedTarget() {
        if (target == null) {
            try {
                target = log.extents(ASK_DEADLINE);
            } catch (RuntimeException e) {
                LOG.debugf("policy.events' extent unknown yet: %s", e.getMessage());
                return false;
            }
        }
        return target.entrySet().stream().allMatch(t -> t.getValue().end() <= t.getValue().beginning()
                || reached.getOrDefault(t.getKey(), 0L) >= t.getValue().end());
    }
}
