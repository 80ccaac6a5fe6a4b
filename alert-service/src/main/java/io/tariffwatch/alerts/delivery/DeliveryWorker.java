package io.tariffwatch.alerts.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.tariffwatch.alerts.alerts.Alert;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Works the durable delivery queue (the {@code alert} table). Due alerts are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, sent, and their outcome recorded in the same transaction, so two
 * instances never send one alert at once. Should an instance die between a receiver's 2xx and the commit,
 * that one alert is sent again, with the same {@code webhook-id}, for the receiver to deduplicate.
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

    DeliveryWorker(WebhookSender webhooks, EmailSender emails, AlertConfig config, ObjectMapper mapper,
                   MeterRegistry meters) {
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

    /** Delivers one batch of due alerts; returns how many were claimed. */
    public int deliverBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Alert> due = Panache.getEntityManager().createNativeQuery(
                            "select * from alert where status = 'PENDING' and next_attempt_at <= now() "
                                    + "order by next_attempt_at limit :n for update skip locked", Alert.class)
                    .setParameter("n", config.batchSize()).getResultList();
            Map<UUID, Subscription> subscriptions = new HashMap<>();
            List<InFlight> inFlight = new ArrayList<>();
            for (Alert alert : due) {
                Subscription s = subscriptions.computeIfAbsent(alert.subscriptionId, id -> Subscription.findById(id));
                if (s == null || s.status == Subscription.Status.DISABLED) {
                    alert.status = Alert.Status.FAILED;
                    alert.lastError = "the subscription is disabled or deleted";
                    continue;
                }
                long started = System.nanoTime();
                CompletableFuture<DeliveryResult> result = s.channel == Subscription.Channel.WEBHOOK
                        ? webhooks.send(s, alert, webhookBody(alert))
                        : CompletableFuture.completedFuture(emails.send(s, alert));
                inFlight.add(new InFlight(alert, s, result, started));
            }
            // Outcomes are recorded on this thread: the transaction and its entity manager belong to it.
            for (InFlight f : inFlight) {
                record(f.alert(), f.subscription(), f.result().join(), f.startedNanos());
            }
            return due.size();
        });
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

    private record InFlight(Alert alert, Subscription subscription, CompletableFuture<DeliveryResult> result,
                            long startedNanos) {
    }

    private void record(Alert alert, Subscription s, DeliveryResult r, long startedNanos) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        alert.attempts++;
        DeliveryAttempt attempt = new DeliveryAttempt();
        attempt.alertId = alert.id;
        attempt.attempt = alert.attempts;
        attempt.attemptedAt = now;
        attempt.statusCode = r.statusCode();
        attempt.outcome = r.outcome().name();
        attempt.error = truncate(r.error());
        attempt.durationMs = (System.nanoTime() - startedNanos) / 1_000_000;
        meters.counter("tariffwatch.deliveries", "channel", s.channel.name(), "outcome", r.outcome().name()).increment();
        switch (r.outcome()) {
            case DELIVERED -> {
                alert.status = Alert.Status.DELIVERED;
                alert.deliveredAt = now;
                alert.lastError = null;
                s.failingSince = null;
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
            case RETRY -> retryLater(alert, s, r, now);
        }
        if (alert.status == Alert.Status.FAILED) {
            attempt.outcome = DeliveryResult.Outcome.FAILED.name();
        }
        attempt.persist();
    }

    private void retryLater(Alert alert, Subscription s, DeliveryResult r, OffsetDateTime now) {
        alert.lastError = truncate(r.error());
        if (s.failingSince == null) {
            s.failingSince = now;
        } else if (Duration.between(s.failingSince, now).compareTo(config.disableAfter()) >= 0) {
            disable(s, "every delivery failed for " + config.disableAfter().toDays() + " days", now);
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
        emails.tellDisabled(s, reason);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }
}
