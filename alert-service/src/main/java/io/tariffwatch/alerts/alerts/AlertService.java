package io.tariffwatch.alerts.alerts;

import io.tariffwatch.support.domain.Refused;
import io.micrometer.core.instrument.MeterRegistry;
import io.tariffwatch.alerts.config.AlertConfig;
import io.tariffwatch.alerts.matching.AlertMatcher;
import io.tariffwatch.alerts.matching.AlertSource;
import io.tariffwatch.alerts.subscriptions.ActiveSubscriptions;
import io.tariffwatch.alerts.subscriptions.Subscription;
import io.tariffwatch.support.persistence.JdbcBatch;
import io.tariffwatch.support.quota.Quota;
import io.tariffwatch.support.quota.QuotaExceeded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Turns an alert source into one alert per matching subscription, exactly once per (subscription, source). */
@ApplicationScoped
public class AlertService {
    private final MeterRegistry meters;

    private final Clock clock;
    private final Event<AlertsQueued> queued;
    private final ActiveSubscriptions subscriptions;
    private final Quota consentEmailsPerAddress;

    AlertService(MeterRegistry meters, Clock clock, Event<AlertsQueued> queued, ActiveSubscriptions subscriptions,
                 AlertConfig config) {
        this.meters = meters;
        this.clock = clock;
        this.queued = queued;
        this.subscriptions = subscriptions;
        this.consentEmailsPerAddress = config.quota().consentEmailsPerAddress();
    }

    /** Alerts were queued in the current transaction: the delivery worker takes them once it commits. */
    public record AlertsQueued(int count) {
    }

    /** @return how many new alerts were created (a redelivered source creates none) */
    @Transactional
    public int record(AlertSource source, String dataJson) {
        List<NewAlert> matching = new ArrayList<>();
        for (ActiveSubscriptions.Active s : subscriptions.current()) {
            if (AlertMatcher.matches(s.filters(), source)) {
                matching.add(new NewAlert(s.id(), s.dailyDigest() ? Alert.Status.HELD : Alert.Status.PENDING));
            }
        }
        int created = insert(matching, source.id(), source.type(), dataJson);
        meters.counter("tariffwatch.alerts.created", "type", source.type().wireName()).increment(created);
        if (created > 0) {
            queued.fire(new AlertsQueued(created));
        }
        return created;
    }

    private record NewAlert(UUID subscriptionId, Alert.Status status) {
    }

    /** Queues an alert for delivery now; nothing when this subscription already has one for the source. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int enqueue(UUID subscriptionId, String sourceId, AlertType type, String dataJson) {
        int created = insert(List.of(new NewAlert(subscriptionId, Alert.Status.PENDING)), sourceId, type, dataJson);
        if (created > 0) {
            queued.fire(new AlertsQueued(created));
        }
        return created;
    }

    /**
     * Queues an e-mail asking {@code address} for its consent (a subscription's confirmation, a contact's),
     * unless that address got {@code consentEmailsPerAddress} of them within the window already: then
     * {@link QuotaExceeded}, so that nobody can use TariffWatch to mail an address over and over.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void askConsent(Subscription s, AlertType type, String address) {
        if (!type.asksForConsent()) {
            throw new IllegalArgumentException(type + " asks for no consent");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        Number sent = (Number) Alert.getEntityManager().createNativeQuery("""
                select count(*) from alert a join subscription s on s.id = a.subscription_id
                where a.type in (:subscription, :contact) and a.created_at > :since
                  and ((a.type = :subscription and lower(s.target) = :address)
                    or (a.type = :contact and lower(s.contact) = :address))""")
                .setParameter("subscription", AlertType.SUBSCRIPTION_CONFIRMATION.wireName())
                .setParameter("contact", AlertType.CONTACT_CONFIRMATION.wireName())
                .setParameter("since", now.minus(consentEmailsPerAddress.per()))
                .setParameter("address", address.toLowerCase(Locale.ROOT))
                .getSingleResult();
        if (sent.intValue() >= consentEmailsPerAddress.requests()) {
            throw new QuotaExceeded("confirmation e-mails per address", consentEmailsPerAddress,
                    consentEmailsPerAddress.per());
        }
        enqueue(s.id, type.wireName() + "-" + now.toInstant().toEpochMilli(), type, "{}");
    }

    /** Manual retry: the alert is sent again as soon as a worker is free, whatever its state, unless it is in
     * flight right now (a second send while the first may still succeed is what the lease exists to prevent). */
    @Transactional
    public void requeue(Subscription owner, UUID alertId) {
        Alert alert = Alert.findById(alertId, LockModeType.PESSIMISTIC_WRITE);
        if (alert == null || !alert.subscriptionId.equals(owner.id)) {
            throw Refused.notFound("no alert " + alertId + " in this subscription");
        }
        if (alert.type.asksForConsent()) {
            throw Refused.conflict("a confirmation e-mail is not sent again "
                    + "by hand: PATCH the subscription (status ACTIVE, or its contact) to ask anew, within the limit per address");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (alert.inFlight(now)) {
            throw Refused.conflict("alert " + alertId
                    + " is being sent right now; its outcome is in the delivery log within the delivery time-out");
        }
        alert.requeued(now);
    }

    /** One page of the owner's delivery log, newest alert first. */
    @Transactional
    public DeliveryLog.Page deliveryLog(Subscription owner, DeliveryLog.Cursor after, int alerts) {
        return DeliveryLog.read(owner.id, after, alerts);
    }

    /** One alert per subscription for the source, in JDBC batches; a subscription that has one keeps it. */
    private int insert(List<NewAlert> alerts, String sourceId, AlertType type, String dataJson) {
        Timestamp now = Timestamp.from(clock.instant());
        return JdbcBatch.execute("insert into alert (id, subscription_id, source_id, type, payload, status, attempts, "
                + "next_attempt_at, created_at) values (?, ?, ?, ?, ?, ?, 0, ?, ?) "
                + "on conflict (subscription_id, source_id) do nothing", alerts, (insert, a) -> {
                    insert.setObject(1, UUID.randomUUID());
                    insert.setObject(2, a.subscriptionId());
                    insert.setString(3, sourceId);
                    insert.setString(4, type.wireName());
                    insert.setString(5, dataJson);
                    insert.setString(6, a.status().name());
                    insert.setTimestamp(7, now);
                    insert.setTimestamp(8, now);
                });
    }
}
