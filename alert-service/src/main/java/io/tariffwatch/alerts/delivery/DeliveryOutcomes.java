package io.tariffwatch.alerts.delivery;

import io.tariffwatch.alerts.alerts.AttemptOutcome;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.tariffwatch.alerts.alerts.Alert;
import io.tariffwatch.alerts.alerts.AlertRepository;
import io.tariffwatch.alerts.alerts.AlertService;
import io.tariffwatch.alerts.alerts.AlertType;
import io.tariffwatch.alerts.alerts.NoticeData;
import io.tariffwatch.alerts.alerts.DeliveryAttempt;
import io.tariffwatch.alerts.config.AlertConfig;
import io.tariffwatch.alerts.subscriptions.Subscription;
import io.tariffwatch.support.text.Bounded;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * Records what came of finished attempts: each outcome only under the lease it was sent with (an instance
 * whose lease ran out records nothing), as soon as the recorder is free — the outcomes that finished
 * meanwhile in one transaction, so that under load a commit serves a batch, not one delivery. An outcome
 * that cannot be recorded with the others is recorded alone; one that cannot be recorded at all leaves its
 * alert due again when the lease runs out.
 */
@ApplicationScoped
class DeliveryOutcomes {
    private static final Logger LOG = Logger.getLogger(DeliveryOutcomes.class);
    private static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);

    /** A finished attempt; {@code recorded} runs once its outcome is recorded or given up. */
    record Finished(Claim claim, DeliveryResult result, long durationMs, Runnable recorded) {
    }

    /** Bounded by the in-flight slots: an attempt keeps its slot until its outcome is recorded. */
    private final Queue<Finished> finished = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean recording = new AtomicBoolean();
    private final AlertConfig.Delivery config;
    private final MeterRegistry meters;
    private final ManagedExecutor executor;
    private final AlertService alerts;
    private final AlertRepository alertRecords;
    private final Clock clock;
    private final Timer recordingTime;
    private final DistributionSummary batchSizes;

    DeliveryOutcomes(AlertConfig config, MeterRegistry meters, ManagedExecutor executor, AlertService alerts,
                     AlertRepository alertRecords, Clock clock) {
        this.alertRecords = alertRecords;
        this.config = config.delivery();
        this.meters = meters;
        this.executor = executor;
        this.alerts = alerts;
        this.clock = clock;
        this.recordingTime = Timer.builder("tariffwatch.deliveries.recording")
                .description("one transaction recording the outcomes of finished attempts").register(meters);
        this.batchSizes = DistributionSummary.builder("tariffwatch.deliveries.recording.outcomes")
                .description("outcomes recorded per transaction").register(meters);
    }

    /** Called as an attempt ends, on any thread; never blocks. */
    void record(Finished outcome) {
        finished.add(outcome);
        if (!recording.compareAndSet(false, true)) {
            return; // the recorder at work takes this one too
        }
        try {
            executor.execute(this::recordQueued);
        } catch (RejectedExecutionException shuttingDown) {
            recording.set(false);
            // not recorded: the alerts are due again after their leases
            for (Finished f; (f = finished.poll()) != null; ) {
                f.recorded().run();
            }
        }
    }

    private void recordQueued() {
        try {
            for (List<Finished> batch = take(); !batch.isEmpty(); batch = take()) {
                recordBatch(batch);
            }
        } finally {
            recording.set(false);
        }
        Finished late = finished.poll();
        if (late != null) {
            record(late); // one arrived after the last take and before the flag was cleared
        }
    }

    private List<Finished> take() {
        List<Finished> batch = new ArrayList<>();
        for (Finished f; batch.size() < config.maxInFlight() && (f = finished.poll()) != null; ) {
            batch.add(f);
        }
        return batch;
    }

    private void recordBatch(List<Finished> batch) {
        try {
            if (!tryRecording(batch) && batch.size() > 1) {
                // one outcome that cannot be recorded must not cost the others theirs
                batch.forEach(f -> tryRecording(List.of(f)));
            }
        } finally {
            batch.forEach(f -> f.recorded().run());
        }
    }

    private boolean tryRecording(List<Finished> batch) {
        try {
            recordingTime.record(() -> QuarkusTransaction.requiringNew().run(() -> recordAll(batch)));
            batchSizes.record(batch.size());
            return true;
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                LOG.warnf(e, "delivery: recording the outcome of alert %s failed; it is due again after its lease",
                        batch.get(0).claim().alertId());
            } else {
                LOG.warnf(e, "delivery: recording %d outcomes together failed; recording them one by one", batch.size());
            }
            return false;
        }
    }

    private void recordAll(List<Finished> batch) {
        // the subscriptions these outcomes change are locked first, as deleting one does before its alerts (the other
        // order deadlocks with it): outcomes of concurrent attempts to one receiver update its failing streak one at a
        // time, so that it is disabled (and its contact told) once. A success with no streak to end changes nothing
        // and locks nothing (a fan-out's alerts each have their own subscription: a lock each had been a write each).
        List<UUID> subscriptionIds = batch.stream().map(f -> f.claim().subscription()).filter(Objects::nonNull)
                .map(s -> s.id).distinct().toList();
        Map<UUID, Boolean> failing = subscriptionIds.isEmpty() ? Map.of() : Subscription.failingStreaks(subscriptionIds);
        List<UUID> changing = batch.stream().filter(f -> changesSubscription(f, failing))
                .map(f -> f.claim().subscription().id).distinct().toList();
        Map<UUID, Subscription> subscriptions = changing.isEmpty() ? Map.of() : Subscription.lockedByIds(changing)
                .stream().collect(Collectors.toMap(s -> s.id, Function.identity()));
        Map<UUID, Alert> held = alertRecords.lockedForDeliveryState(batch.stream().map(f -> f.claim().alertId()).toList())
                .stream().collect(Collectors.toMap(a -> a.id, Function.identity()));
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        List<DeliveryAttempt> attempts = new ArrayList<>(batch.size());
        List<Alert> changed = new ArrayList<>(batch.size());
        for (Finished f : batch) {
            Claim c = f.claim();
            Alert alert = held.get(c.alertId());
            if (alert == null || !alert.heldUnder(c.lease())) {
                // the lease ran out and another attempt owns the alert now: its outcome is the one that counts
                meters.counter("tariffwatch.deliveries.fenced").increment();
                LOG.warnf("delivery: outcome %s of alert %s dropped, its lease %s is no longer current",
                        f.result().outcome(), c.alertId(), c.lease());
                continue;
            }
            attempts.add(recordOne(f, alert, c.subscription() == null ? null : subscriptions.get(c.subscription().id), now));
            changed.add(alert);
        }
        alertRecords.saveDeliveryState(changed);
        DeliveryAttempt.recordAll(attempts);
    }

    /** Whether this outcome changes its subscription (which then is read to be changed): a failure extends its
     * failing streak, a 410 disables it, a success ends a streak under way; an owner notice's retry or success
     * leaves the receiver's state alone. */
    private static boolean changesSubscription(Finished f, Map<UUID, Boolean> failing) {
        Claim c = f.claim();
        if (c.subscription() == null || !failing.containsKey(c.subscription().id)) {
            return false; // deleted
        }
        return switch (f.result().outcome()) {
            case GONE -> true;
            case RETRY -> !c.ownerNotice();
            case DELIVERED -> !c.ownerNotice() && failing.get(c.subscription().id);
            case FAILED -> false;
        };
    }

    /** @param s the alert's subscription if this batch's outcomes change it ({@link #changesSubscription}), else null */
    private DeliveryAttempt recordOne(Finished f, Alert alert, Subscription s, OffsetDateTime now) {
        Claim c = f.claim();
        DeliveryResult r = f.result();
        alert.attempted();
        DeliveryAttempt attempt = new DeliveryAttempt();
        attempt.alertId = alert.id;
        attempt.attempt = alert.attempts;
        attempt.attemptedAt = now;
        attempt.statusCode = r.statusCode();
        attempt.outcome = r.outcome();
        attempt.error = Bounded.atMost(r.error(), 1000);
        attempt.durationMs = f.durationMs();
        meters.counter("tariffwatch.deliveries", "channel", c.byEmail() ? "EMAIL" : "WEBHOOK",
                "outcome", r.outcome().name()).increment();
        switch (r.outcome()) {
            case DELIVERED -> {
                alert.delivered(now);
                if (s != null && !c.ownerNotice()) {
                    s.deliverySucceeded();
                }
            }
            case GONE -> {
                alert.failed(r.error());
                disable(s, "the receiver answered 410 Gone", now);
            }
            case FAILED -> alert.failed(r.error());
            case RETRY -> retryLater(alert, s == null || c.ownerNotice() ? null : s, r, now);
        }
        if (alert.status == Alert.Status.FAILED) {
            attempt.outcome = AttemptOutcome.FAILED;
        }
        return attempt;
    }

    /** @param s the subscription whose failing streak this extends; null for an owner notice, which has none */
    private void retryLater(Alert alert, Subscription s, DeliveryResult r, OffsetDateTime now) {
        if (s != null && Duration.between(s.deliveryFailed(now), now).compareTo(config.disableAfter()) >= 0) {
            disable(s, "every delivery failed for " + describe(config.disableAfter()), now);
        }
        List<Duration> schedule = config.retrySchedule();
        if (alert.attempts > schedule.size()) {
            alert.failed(r.error());
            return;
        }
        Duration wait = r.retryAfter() != null ? min(r.retryAfter(), MAX_RETRY_AFTER)
                : jittered(schedule.get(alert.attempts - 1));
        alert.retryAt(now.plus(wait), r.error());
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
        if (s == null || !s.disable(reason, now)) {
            return;
        }
        LOG.infof("subscription %s disabled: %s", s.id, reason);
        if (s.contactMayBeTold()) {
            // queued, not sent here: it is retried like any alert, and no SMTP wait holds this transaction
            alerts.enqueue(s.id, "disabled-" + now.toInstant().toEpochMilli(), AlertType.SUBSCRIPTION_DISABLED,
                    new NoticeData.Disabled(reason));
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
