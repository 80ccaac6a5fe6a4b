package io.tariffwatch.alerts.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.orm.panache.Panache;
import io.tariffwatch.alerts.matching.AlertMatcher;
import io.tariffwatch.alerts.matching.AlertSource;
import io.tariffwatch.alerts.subscriptions.Filters;
import io.tariffwatch.alerts.subscriptions.Subscription;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import io.tariffwatch.support.problem.Problem;
import io.tariffwatch.support.problem.ProblemException;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Turns an alert source into one alert per matching subscription, exactly once per (subscription, source). */
@ApplicationScoped
public class AlertService {
    private final ObjectMapper mapper;
    private final MeterRegistry meters;

    private final Clock clock;
    private final Event<AlertsQueued> queued;

    AlertService(ObjectMapper mapper, MeterRegistry meters, Clock clock, Event<AlertsQueued> queued) {
        this.mapper = mapper;
        this.meters = meters;
        this.clock = clock;
        this.queued = queued;
    }

    /** Alerts were queued in the current transaction: the delivery worker takes them once it commits. */
    public record AlertsQueued(int count) {
    }

    /** @return how many new alerts were created (a redelivered source creates none) */
    @Transactional
    public int record(AlertSource source, String dataJson) {
        int created = 0;
        for (Subscription s : Subscription.active()) {
            if (AlertMatcher.matches(filters(s), source)) {
                created += insert(s.id, source.id(), source.type(), dataJson,
                        Subscription.DIGEST_DAILY.equals(s.digest) ? Alert.Status.HELD : Alert.Status.PENDING);
            }
        }
        meters.counter("tariffwatch.alerts.created", "type", source.type().wireName()).increment(created);
        if (created > 0) {
            queued.fire(new AlertsQueued(created));
        }
        return created;
    }

    /** Queues an alert for delivery now; nothing when this subscription already has one for the source. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int enqueue(UUID subscriptionId, String sourceId, AlertType type, String dataJson) {
        return insert(subscriptionId, sourceId, type, dataJson, Alert.Status.PENDING);
    }

    /** Manual retry: the alert is sent again as soon as a worker is free, whatever its state, unless it is in
     * flight right now (a second send while the first may still succeed is what the lease exists to prevent). */
    @Transactional
    public void requeue(Subscription owner, UUID alertId) {
        Alert alert = Alert.findById(alertId, LockModeType.PESSIMISTIC_WRITE);
        if (alert == null || !alert.subscriptionId.equals(owner.id)) {
            throw new ProblemException(Problem.of(Response.Status.NOT_FOUND, "no alert " + alertId + " in this subscription"));
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (alert.inFlight(now)) {
            throw new ProblemException(Problem.of(Response.Status.CONFLICT, "alert " + alertId
                    + " is being sent right now; its outcome is in the delivery log within the delivery time-out"));
        }
        alert.requeued(now);
    }

    /** One page of the owner's delivery log, newest alert first. */
    @Transactional
    public DeliveryLog.Page deliveryLog(Subscription owner, DeliveryLog.Cursor after, int alerts) {
        return DeliveryLog.read(owner.id, after, alerts);
    }

    private int insert(UUID subscriptionId, String sourceId, AlertType type, String dataJson, Alert.Status status) {
        Timestamp now = Timestamp.from(clock.instant());
        return Panache.getEntityManager().createNativeQuery(
                        "insert into alert (id, subscription_id, source_id, type, payload, status, attempts, "
                                + "next_attempt_at, created_at) values (:id, :sub, :src, :type, :payload, :status, 0, "
                                + ":now, :now) on conflict (subscription_id, source_id) do nothing")
                .setParameter("id", UUID.randomUUID())
                .setParameter("sub", subscriptionId)
                .setParameter("src", sourceId)
                .setParameter("type", type.wireName())
                .setParameter("payload", dataJson)
                .setParameter("status", status.name())
                .setParameter("now", now)
                .executeUpdate();
    }

    public Filters filters(Subscription s) {
        try {
            return mapper.readValue(s.filters, Filters.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored filters of " + s.id + " are not JSON", e);
        }
    }
}
