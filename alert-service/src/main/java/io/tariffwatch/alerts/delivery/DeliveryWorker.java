package io.tariffwatch.alerts.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.tariffwatch.alerts.alerts.Alert;
import io.tariffwatch.alerts.alerts.AlertService;
import io.tariffwatch.alerts.alerts.AlertType;
import io.tariffwatch.alerts.alerts.DeliveryAttempt;
import io.tariffwatch.alerts.config.AlertConfig;
import io.tariffwatch.alerts.delivery.email.EmailSender;
import io.tariffwatch.alerts.delivery.webhook.WebhookSender;
import io.tariffwatch.alerts.subscriptions.Subscription;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * Works the durable delivery queue (the {@code alert} table). Due alerts are claimed with
 * {@code FOR UPDATE SKIP LOCKED} and leased, so two instances never send one alert at once; each outcome
 * is recorded the moment it is known. Should an instance die between a receiver's 2xx and that record,
 * that alert is sent again when its lease runs out, with the same {@code webhook-id}, for the receiver to
 * deduplicate.
 */
@ApplicationScoped
public class DeliveryWorker {
    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    private static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);

    private final WebhookSender webhooks;
    private final EmailSender emails;
    private final AlertConfig.Delivery config;
    private final ObjectMapper mapper;
    private final MeterRegistry meters;
    private final ManagedExecutor executor;
    private final AlertService alerts;

    DeliveryWorker(WebhookSender webhooks, EmailSender emails, AlertConfig config, ObjectMapper mapper,
                   MeterRegistry meters, ManagedExecutor executor, AlertService alerts) {
        this.executor = executor;
        this.alerts = alerts;
        this.webhooks = webhooks;
        this.emails = emails;
        this.config = config.delivery();
        this.mapper = mapper;
        this.meters = meters;
    }

    @Scheduled(every = "${tariffwatch.delivery.poll-interval:1s}", delayed = "${tariffwatch.delivery.start-delay:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void work() {
        try {
            while (deliverBatch() == config.batchSize()) {
                // a full batch: more may be due
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "delivery: a batch failed, will retry");
        }
    }

    /**
     * Claims a batch of due alerts, sends them concurrently and records each outcome as soon as it is known,
     * each in a transaction of its own; returns how many were claimed.
     */
    public int deliverBatch() {
        List<Alert> claimed = claim();
        List<CompletableFuture<Void>> recorded = new ArrayList<>();
        for (Alert alert : claimed) {
            Subscription s = QuarkusTransaction.requiringNew().call(() -> Subscription.findById(alert.subscriptionId));
            boolean ownerNotice = isOwnerNotice(alert);
            if (s == null || (s.status == Subscription.Status.DISABLED && !ownerNotice)) {
                QuarkusTransaction.requiringNew().run(() -> failDisabled(alert.id));
                continue;
            }
            long started = System.nanoTime();
            CompletableFuture<DeliveryResult> result = s.channel == Subscription.Channel.WEBHOOK && !ownerNotice
                    ? webhooks.send(s, alert, webhookBody(alert))
                    : CompletableFuture.completedFuture(emails.send(s, alert));
            recorded.add(result.thenAcceptAsync(r -> QuarkusTransaction.requiringNew()
                    .run(() -> record(alert.id, s.id, r, (System.nanoTime() - started) / 1_000_000)), executor));
        }
        CompletableFuture.allOf(recorded.toArray(CompletableFuture[]::new)).join();
        return claimed.size();
    }

    /**
     * Takes due alerts with {@code FOR UPDATE SKIP LOCKED} and leases them (moves their next attempt past the
     * lease), in one short transaction: no other instance takes them while they are in flight, and if this
     * instance dies they are due again when the lease runs out.
     */
    private List<Alert> claim() {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Alert> due = Panache.getEntityManager().createNativeQuery(
                            "select * from alert where status = 'PENDING' and next_attempt_at <= now() "
                                    + "order by next_attempt_at limit :n for update skip locked", Alert.class)
                    .setParameter("n", config.batchSize()).getResultList();
            OffsetDateTime leaseEnd = OffsetDateTime.now(ZoneOffset.UTC).plus(config.lease());
            due.forEach(a -> a.nextAttemptAt = leaseEnd);
            return due;
        });
    }

    private static boolean isOwnerNotice(Alert alert) {
        return AlertType.SUBSCRIPTION_DISABLED.wireName().equals(alert.type);
    }

    private static void failDisabled(UUID alertId) {
        Alert a = Alert.findById(alertId);
        a.status = Alert.Status.FAILED;
        a.lastError = "the subscription is disabled or deleted";
    }

    /** Standard Webhooks payload: the same bytes on every retry. */
    String webhookBody(Alert alert) {
        try {
            ObjectNode body = mapper.createObjectNode();
            body.put("type", alert.type);
            body.put("timestamp", alert.createdAt.withOffsetSameInstant(ZoneOffset.UTC).toString());
            body.set("data", mapper.readTree(alert.payload));
            return mapper.writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException("alert " + alert.id + " has no valid payload", e);
        }
    }

    private void record(UUID alertId, UUID subscriptionId, DeliveryResult r, long durationMs) {
        Alert alert = Alert.findById(alertId);
        Subscription s = Subscription.findById(subscriptionId);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        alert.attempts++;
        DeliveryAttempt attempt = new DeliveryAttempt();
        attempt.alertId = alert.id;
        attempt.attempt = alert.attempts;
        attempt.attemptedAt = now;
        attempt.statusCode = r.statusCode();
        attempt.outcome = r.outcome().name();
        attempt.error = truncate(r.error());
        attempt.durationMs = durationMs;
        meters.counter("tariffwatch.deliveries", "channel", s.channel.name(), "outcome", r.outcome().name()).increment();
        switch (r.outcome()) {
            case DELIVERED -> {
                alert.status = Alert.Status.DELIVERED;
                alert.deliveredAt = now;
                alert.lastError = null;
                if (!isOwnerNotice(alert)) {
                    s.failingSince = null;
                }
            }
            case GONE -> {
                alert.status = Alert.Status.FAILED;
                alert.lastError = r.error();
                disable(s, "the receiver answered 410 Gone", now);
            }
            case FAILED -> {
                alert.status = Alert.Status.FAILED;
                alert.lastError = truncate(r.error());
            }
            case RETRY -> retryLater(alert, isOwnerNotice(alert) ? null : s, r, now);
        }
        if (alert.status == Alert.Status.FAILED) {
            attempt.outcome = DeliveryResult.Outcome.FAILED.name();
        }
        attempt.persist();
    }

    /** @param s the subscription whose failing streak this extends; null for an owner notice, which has none */
    private void retryLater(Alert alert, Subscription s, DeliveryResult r, OffsetDateTime now) {
        alert.lastError = truncate(r.error());
        if (s != null && s.failingSince == null) {
            s.failingSince = now;
        } else if (s != null && Duration.between(s.failingSince, now).compareTo(config.disableAfter()) >= 0) {
            disable(s, "every delivery failed for " + describe(config.disableAfter()), now);
        }
        List<Duration> schedule = config.retrySchedule();
        if (alert.attempts > schedule.size()) {
            alert.status = Alert.Status.FAILED;
            return;
        }
        Duration wait = r.retryAfter() != null ? min(r.retryAfter(), MAX_RETRY_AFTER)
                : jittered(schedule.get(alert.attempts - 1));
        alert.nextAttemptAt = now.plus(wait);
    }

    /** "5 days", or the ISO form for shorter spans (tests use seconds). */
    private static String describe(Duration d) {
        return d.toHours() >= 24 && d.toHours() % 24 == 0 ? d.toDays() + " days" : d.toString();
    }

    private Duration jittered(Duration wait) {
        double factor = 1 + (ThreadLocalRandom.current().nextDouble() * 2 - 1) * config.jitter();
        return Duration.ofMillis(Math.max(0, Math.round(wait.toMillis() * factor)));
    }

    private void disable(Subscription s, String reason, OffsetDateTime now) {
        if (s.status == Subscription.Status.DISABLED) {
            return;
        }
        s.status = Subscription.Status.DISABLED;
        s.disabledReason = reason;
        s.updatedAt = now;
        LOG.infof("subscription %s disabled: %s", s.id, reason);
        if (s.contact != null) {
            // queued, not sent here: it is retried like any alert, and no SMTP wait holds this transaction
            alerts.enqueue(s.id, "disabled-" + now.toInstant().toEpochMilli(), AlertType.SUBSCRIPTION_DISABLED,
                    mapper.createObjectNode().put("reason", reason).toString());
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }
}
