package io.tariffwatch.alerts.delivery;

import io.tariffwatch.alerts.alerts.AttemptOutcome;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.tariffwatch.alerts.alerts.Alert;
import io.tariffwatch.alerts.alerts.AlertRepository;
import io.tariffwatch.alerts.alerts.AlertService;
import io.tariffwatch.alerts.config.AlertConfig;
import io.tariffwatch.alerts.delivery.email.EmailSender;
import io.tariffwatch.alerts.delivery.webhook.WebhookSender;
import io.tariffwatch.alerts.subscriptions.Subscription;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * Works the durable delivery queue (the {@code alert} table). Due alerts are claimed with
 * {@code FOR UPDATE SKIP LOCKED} and leased, so two instances never send one alert at once; each outcome is
 * recorded by {@link DeliveryOutcomes}, only under the lease it was sent with. Should an instance die between
 * a receiver's 2xx and that record, that alert is sent again when its lease runs out, with the same
 * {@code webhook-id}, for the receiver to deduplicate.
 *
 * <p>Isolation: at most {@code max-in-flight} attempts per instance, at most {@code per-receiver} of them to
 * one subscription, every attempt under one deadline, and a receiver that failed is left alone for a
 * back-off ({@link ReceiverBackoff}) — so one slow, stalled or failing receiver never delays the others.
 * New alerts wake the worker at once, and so do finished attempts once a few slots are free; the schedule is
 * only a safety net.
 */
@ApplicationScoped
public class DeliveryWorker {
    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    private static final String SMTP = "smtp";

    private final WebhookSender webhooks;
    private final EmailSender emails;
    private final AlertConfig.Delivery config;
    private final ObjectMapper mapper;
    private final ManagedExecutor executor;
    /** A wake-up task is queued: further commits need not queue another. */
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    private final DeliveryOutcomes outcomes;
    private final AlertRepository alerts;
    private final Clock clock;
    private final Semaphore slots;
    private final Map<UUID, Integer> inFlightPerReceiver = new ConcurrentHashMap<>();
    /** E-mails in flight, at most one per SMTP connection the mail client may open: an e-mail never waits in the
     * client's queue for a connection, its deadline spent before its conversation starts. */
    private final AtomicInteger emailsInFlight = new AtomicInteger();
    private final AtomicInteger webhooksInFlight = new AtomicInteger();
    private final int smtpConnections;
    private final ReceiverBackoff<UUID> webhookBackoff;
    private final ReceiverBackoff<String> smtpBackoff;
    private final AtomicBoolean pumping = new AtomicBoolean();
    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    private volatile boolean stopping;
    /** Free slots that make a finished attempt claim again: under load, claims of several alerts, not one per
     * finished attempt (the schedule still claims for fewer). */
    private final int refillAt;
    /** The same for e-mails, whose places are the SMTP connections: a claim each time one of them came free had
     * cost a transaction per 2–3 e-mails. */
    private final int emailRefillAt;
    private final Timer claimTime;
    private final Timer webhookTime;
    private final Timer emailTime;

    DeliveryWorker(WebhookSender webhooks, EmailSender emails, AlertConfig config, ObjectMapper mapper,
                   MeterRegistry meters, ManagedExecutor executor, DeliveryOutcomes outcomes, AlertRepository alerts,
                   Clock clock, @ConfigProperty(name = "quarkus.mailer.max-pool-size") int smtpConnections) {
        this.config = config.delivery();
        this.smtpConnections = smtpConnections;
        if (this.config.lease().compareTo(this.config.timeout().multipliedBy(2)) < 0) {
            throw new IllegalStateException("tariffwatch.delivery.lease (" + this.config.lease()
                    + ") must be at least twice tariffwatch.delivery.timeout (" + this.config.timeout()
                    + "): an attempt must end well before its lease");
        }
        this.executor = executor;
        this.outcomes = outcomes;
        this.alerts = alerts;
        this.webhooks = webhooks;
        this.emails = emails;
        this.mapper = mapper;
        this.clock = clock;
        this.slots = new Semaphore(this.config.maxInFlight());
        this.refillAt = Math.max(1, Math.min(this.config.batchSize(), this.config.maxInFlight()) / 2);
        this.emailRefillAt = Math.max(1, smtpConnections / 4);
        this.webhookBackoff = new ReceiverBackoff<>(clock, this.config.backoffBase(), this.config.backoffMax(), 100_000);
        this.smtpBackoff = new ReceiverBackoff<>(clock, this.config.backoffBase(), this.config.backoffMax(), 1);
        this.claimTime = Timer.builder("tariffwatch.deliveries.claim").description("one claim of due alerts")
                .register(meters);
        this.webhookTime = attemptTimer(meters, "WEBHOOK");
        this.emailTime = attemptTimer(meters, "EMAIL");
        Gauge.builder("tariffwatch.deliveries.in.flight", webhooksInFlight, AtomicInteger::get).tag("channel", "WEBHOOK")
                .description("attempts started and not yet recorded").register(meters);
        Gauge.builder("tariffwatch.deliveries.in.flight", emailsInFlight, AtomicInteger::get).tag("channel", "EMAIL")
                .description("attempts started and not yet recorded").register(meters);
    }

    private static Timer attemptTimer(MeterRegistry meters, String channel) {
        return Timer.builder("tariffwatch.deliveries.attempt").tag("channel", channel)
                .description("one attempt, from its start (a connection may be waited for) to its answer")
                .register(meters);
    }

    @Scheduled(every = "${tariffwatch.delivery.poll-interval:1s}", delayed = "${tariffwatch.delivery.start-delay:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        pump();
    }

    /** Shutting down: no more claims (the database is about to go; the scheduler and finishing attempts would
     * keep trying). An attempt whose outcome cannot be recorded now is due again after its lease. */
    void onShutdown(@Observes ShutdownEvent shutdown) {
        stopping = true;
    }

    /** New alerts were committed: deliver them now rather than at the next poll (the poll is the safety net). */
    void onAlertsQueued(@Observes(during = TransactionPhase.AFTER_SUCCESS) AlertService.AlertsQueued queued) {
        if (!wakeScheduled.compareAndSet(false, true)) {
            return; // a pump is about to run and will see these alerts too
        }
        try {
            executor.execute(() -> {
                wakeScheduled.set(false);
                pump();
            });
        } catch (RejectedExecutionException e) {
            wakeScheduled.set(false); // shutting down: the next start delivers them
        }
    }

    /**
     * Claims and starts attempts while slots are free and alerts are due. One pump runs at a time; a wake-up
     * that arrives meanwhile makes it look again before it stops.
     */
    public void pump() {
        if (stopping) {
            return;
        }
        if (!pumping.compareAndSet(false, true)) {
            wakeRequested.set(true);
            return;
        }
        try {
            do {
                wakeRequested.set(false);
                while (claimAndStart()) {
                    // more may be due
                }
            } while (wakeRequested.get());
        } catch (RuntimeException e) {
            LOG.warnf(e, "delivery: claiming failed, will retry");
        } finally {
            pumping.set(false);
        }
    }

    /** Claims and starts what is due and fits; true when more may be due that this instance could start now. */
    private boolean claimAndStart() {
        int wanted = Math.min(slots.availablePermits(), config.batchSize());
        if (wanted == 0 || !slots.tryAcquire(wanted)) {
            return false;
        }
        Claimed claimed;
        try {
            claimed = claimTime.record(() -> claim(wanted));
        } catch (RuntimeException e) {
            slots.release(wanted);
            throw e;
        }
        slots.release(wanted - claimed.claims().size());
        claimed.claims().forEach(this::start);
        return claimed.moreMayBeDue();
    }

    /**
     * A claim's alerts; {@code moreMayBeDue} when it filled every slot it asked for or left out alerts of a receiver
     * at its cap or in back-off (others' may follow them). Otherwise the next claim would find nothing: e-mails
     * beyond the free SMTP connections are claimed as attempts end, and an empty claim had been every other claim of
     * a fan-out.
     */
    private record Claimed(List<Claim> claims, boolean moreMayBeDue) {
    }

    /**
     * Takes due alerts with {@code FOR UPDATE SKIP LOCKED} and leases them, in one short transaction: no other
     * instance takes them while they are in flight, and if this instance dies they are due again when the
     * lease runs out. Receivers in back-off or at their in-flight cap are left out.
     */
    private Claimed claim(int limit) {
        Set<UUID> excluded = new HashSet<>(webhookBackoff.open());
        inFlightPerReceiver.forEach((subscription, n) -> {
            if (n >= config.perReceiver()) {
                excluded.add(subscription);
            }
        });
        int emailSlots = smtpBackoff.isOpen(SMTP) ? 0 : Math.max(0, smtpConnections - emailsInFlight.get());
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Alert> due = alerts.claimDue(excluded, emailSlots, limit);
            if (due.isEmpty()) {
                return new Claimed(List.of(), false);
            }
            Map<UUID, Subscription> subscriptions = Subscription.forDelivery(
                            due.stream().map(a -> a.subscriptionId).distinct().toList())
                    .stream().collect(Collectors.toMap(s -> s.id, Function.identity()));
            // one lease for the claim: each attempt's outcome is recorded only while its alert still holds it
            UUID lease = UUID.randomUUID();
            Map<UUID, Integer> taken = new HashMap<>();
            int emailsTaken = 0;
            boolean receiverLeftOut = false;
            List<Claim> claims = new ArrayList<>();
            for (Alert a : due) {
                if (claims.size() == limit) {
                    break; // the rest stays due, unlocked at commit
                }
                Claim c = new Claim(a.id, lease, a, subscriptions.get(a.subscriptionId));
                if (c.byEmail() && emailsTaken++ >= emailSlots) {
                    continue; // no SMTP connection free for it: stays due, unlocked at commit
                }
                if (!c.ownerNotice()) {
                    int inFlight = inFlightPerReceiver.getOrDefault(a.subscriptionId, 0) + taken.getOrDefault(a.subscriptionId, 0);
                    if (inFlight >= config.perReceiver() || excluded.contains(a.subscriptionId)) {
                        receiverLeftOut = true;
                        continue; // not leased: stays due, unlocked at commit
                    }
                    taken.merge(a.subscriptionId, 1, Integer::sum);
                }
                claims.add(c);
            }
            alerts.leased(claims.stream().map(Claim::alert).toList(), lease, now().plus(config.lease()));
            // a claim that took nothing ends the pump however much it left (receivers in back-off beyond those the
            // scans leave out): claiming again would find the same
            return new Claimed(claims, claims.size() == limit || (receiverLeftOut && !claims.isEmpty()));
        });
    }

    private void start(Claim c) {
        if (!c.ownerNotice()) {
            inFlightPerReceiver.merge(c.alert().subscriptionId, 1, Integer::sum);
        }
        (c.byEmail() ? emailsInFlight : webhooksInFlight).incrementAndGet();
        long started = System.nanoTime();
        Instant startedAt = clock.instant();
        CompletableFuture<DeliveryResult> attempt;
        try {
            attempt = attempt(c);
        } catch (RuntimeException e) {
            attempt = CompletableFuture.completedFuture(new DeliveryResult(AttemptOutcome.FAILED, null,
                    "cannot be sent: " + e.getMessage(), null));
        }
        attempt.exceptionally(e -> DeliveryResult.retry(null, "unexpected: " + e, null)).thenAccept(r -> {
            try {
                noteReceiver(c, r, startedAt);
            } finally {
                long took = System.nanoTime() - started;
                (c.byEmail() ? emailTime : webhookTime).record(took, TimeUnit.NANOSECONDS);
                outcomes.record(new DeliveryOutcomes.Finished(c, r, took / 1_000_000,
                        () -> ended(c)));
            }
        });
    }

    /** The attempt's outcome is recorded (or given up): its slot is free. */
    private void ended(Claim c) {
        if (!c.ownerNotice()) {
            inFlightPerReceiver.computeIfPresent(c.alert().subscriptionId, (k, n) -> n <= 1 ? null : n - 1);
        }
        (c.byEmail() ? emailsInFlight : webhooksInFlight).decrementAndGet();
        slots.release();
        boolean refill = c.byEmail() ? smtpConnections - emailsInFlight.get() >= emailRefillAt
                : slots.availablePermits() >= refillAt;
        if (refill) {
            try {
                executor.execute(this::pump);
            } catch (RejectedExecutionException shuttingDown) {
                // the next start delivers what is due
            }
        }
    }

    private CompletableFuture<DeliveryResult> attempt(Claim c) {
        Subscription s = c.subscription();
        if (s == null || (s.status == Subscription.Status.DISABLED && !c.ownerNotice())) {
            return CompletableFuture.completedFuture(new DeliveryResult(AttemptOutcome.FAILED, null,
                    "the subscription is disabled or deleted", null));
        }
        return c.byEmail() ? emails.send(s, c.alert()) : webhooks.send(s, c.alert(), webhookBody(c.alert()));
    }

    /** A receiver that failed is left alone for a while; one that answered is open again. */
    private void noteReceiver(Claim c, DeliveryResult r, Instant startedAt) {
        if (c.subscription() == null || r.outcome() == AttemptOutcome.FAILED) {
            return;
        }
        boolean failed = r.outcome() == AttemptOutcome.RETRY;
        if (c.byEmail()) {
            if (failed) {
                smtpBackoff.failed(SMTP, startedAt);
            } else {
                smtpBackoff.succeeded(SMTP);
            }
        } else if (failed) {
            webhookBackoff.failed(c.subscription().id, startedAt);
        } else {
            webhookBackoff.succeeded(c.subscription().id);
        }
    }

    /** Standard Webhooks payload: the same bytes on every retry. The data goes as stored: a jsonb column, so
     * valid JSON, and not parsed again for every attempt. Written as UTF-8 bytes once, signed and sent as they are. */
    byte[] webhookBody(Alert alert) {
        try {
            ObjectNode body = mapper.createObjectNode();
            body.put("type", alert.type.wireName());
            body.put("timestamp", alert.createdAt.withOffsetSameInstant(ZoneOffset.UTC).toString());
            body.putRawValue("data", new RawValue(alert.payload));
            return mapper.writeValueAsBytes(body);
        } catch (Exception e) {
            throw new IllegalStateException("alert " + alert.id + " has no valid payload", e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
