package io.tariffwatch.alerts.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tariffwatch.support.domain.Refused;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.tariffwatch.alerts.alerts.AlertRepository.NewAlert;
import io.tariffwatch.alerts.config.AlertConfig;
import io.tariffwatch.alerts.matching.AlertSource;
import io.tariffwatch.alerts.matching.SubscriptionIndex;
import io.tariffwatch.alerts.subscriptions.ActiveSubscriptions;
import io.tariffwatch.alerts.subscriptions.Subscription;
import io.tariffwatch.support.quota.Quota;
import io.tariffwatch.support.quota.QuotaExceeded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Turns alert sources into one alert per matching subscription, exactly once per (subscription, source). */
@ApplicationScoped
public class AlertService {
    /** The data of an alert whose type says it all (a request for consent): what the e-mail needs is the subscription. */
    private static final String NO_DATA = "{}";

    private final MeterRegistry meters;

    private final Clock clock;
    private final Event<AlertsQueued> queued;
    private final ActiveSubscriptions subscriptions;
    private final AlertRepository alerts;
    private final Quota consentEmailsPerAddress;
    private final ObjectMapper mapper;
    private final int alertsPerCommit;

    AlertService(MeterRegistry meters, Clock clock, Event<AlertsQueued> queued, ActiveSubscriptions subscriptions,
                 AlertRepository alerts, AlertConfig config, ObjectMapper mapper) {
        this.mapper = mapper;
        this.alerts = alerts;
        this.meters = meters;
        this.clock = clock;
        this.queued = queued;
        this.subscriptions = subscriptions;
        this.consentEmailsPerAddress = config.quota().consentEmailsPerAddress();
        this.alertsPerCommit = config.delivery().alertsPerCommit();
    }

    /** Alerts were queued in the current transaction: the delivery worker takes them once it commits. */
    public record AlertsQueued(int count) {
    }

    /** A source of alerts and the data its alerts carry (the record it came as). */
    public record Sourced(AlertSource source, String dataJson) {
    }

    /** The active subscriptions now, indexed. */
    public SubscriptionIndex<ActiveSubscriptions.Active> subscribed() {
        return subscriptions.current();
    }

    /**
     * One alert per matching subscription for each source (a poll of a topic at a time), exactly once per
     * (subscription, source), committed in parts of at most {@code alertsPerCommit}: each part is delivered as soon
     * as it is in. Should a part fail, the poll is taken again and what was committed before is a repeat.
     *
     * @param subscribed the active subscriptions, as {@link #subscribed()} read them for this poll
     * @return how many new alerts were created (a redelivered source creates none)
     */
    public int record(SubscriptionIndex<ActiveSubscriptions.Active> subscribed, List<Sourced> sources) {
        Map<AlertType, List<NewAlert>> byType = matching(subscribed, sources);
        Instant now = clock.instant();
        int created = 0;
        for (Map.Entry<AlertType, List<NewAlert>> alertsOfType : byType.entrySet()) {
            List<NewAlert> all = alertsOfType.getValue();
            for (int from = 0; from < all.size(); from += alertsPerCommit) {
                List<NewAlert> part = all.subList(from, Math.min(all.size(), from + alertsPerCommit));
                created += QuarkusTransaction.requiringNew().call(() -> insert(alertsOfType.getKey(), part, now));
            }
        }
        return created;
    }

    private static Map<AlertType, List<NewAlert>> matching(SubscriptionIndex<ActiveSubscriptions.Active> active,
                                                           List<Sourced> sources) {
        Map<AlertType, List<NewAlert>> byType = new EnumMap<>(AlertType.class);
        for (Sourced s : sources) {
            for (ActiveSubscriptions.Active a : active.matching(s.source())) {
                byType.computeIfAbsent(s.source().type(), t -> new ArrayList<>()).add(new NewAlert(a.id(),
                        a.dailyDigest() ? Alert.Status.HELD : Alert.Status.PENDING, s.source().id(), s.dataJson()));
            }
        }
        return byType;
    }

    /** Inserts alerts of one type in the caller's transaction; counted by type, delivered once committed. */
    private int insert(AlertType type, List<NewAlert> part, Instant now) {
        int n = alerts.insertIfAbsent(type, part, now);
        meters.counter("tariffwatch.alerts.created", "type", type.wireName()).increment(n);
        if (n > 0) {
            queued.fire(new AlertsQueued(n));
        }
        return n;
    }

    /** Queues an alert whose data is one of {@link NoticeData}'s records, written as JSON here. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int enqueue(UUID subscriptionId, String sourceId, AlertType type, Record data) {
        try {
            return enqueue(subscriptionId, sourceId, type, mapper.writeValueAsString(data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the data of a " + type.wireName() + " alert does not write as JSON", e);
        }
    }

    /** Queues an alert for delivery now; nothing when this subscription already has one for the source. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int enqueue(UUID subscriptionId, String sourceId, AlertType type, String dataJson) {
        return insert(type, List.of(new NewAlert(subscriptionId, Alert.Status.PENDING, sourceId, dataJson)), clock.instant());
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
        if (alerts.consentRequestsSince(address, now.minus(consentEmailsPerAddress.per())) >= consentEmailsPerAddress.requests()) {
            throw new QuotaExceeded("confirmation e-mails per address", consentEmailsPerAddress,
                    consentEmailsPerAddress.per());
        }
        enqueue(s.id, type.wireName() + "-" + now.toInstant().toEpochMilli(), type, NO_DATA);
    }

    /** Manual retry: the alert is sent again as soon as a worker is free, whatever its state, unless it is in
     * flight right now (a second send while the first may still succeed is what the lease exists to prevent). */
    @Transactional
    public void requeue(Subscription owner, UUID alertId) {
        Alert alert = alerts.lockedById(alertId);
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
        return this.alerts.deliveryLog(owner.id, after, alerts);
    }

    /** The subscription's alerts not sent yet will not be: they fail with {@code why} (it was unsubscribed). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void dropUnsent(UUID subscriptionId, String why) {
        alerts.dropUnsent(subscriptionId, why);
    }
}
