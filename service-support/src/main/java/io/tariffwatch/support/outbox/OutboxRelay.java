package io.tariffwatch.support.outbox;

import io.quarkus.arc.properties.IfBuildProperty;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import io.tariffwatch.events.CloudEvents;
import io.tariffwatch.support.persistence.PlainSql;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * Publishes outbox records to Kafka in id order. One relay is active at a time per database (a PostgreSQL
 * advisory lock held by its transaction), so with any number of instances records reach the broker in the
 * order they were written. Records are marked published in the same transaction, after the broker
 * acknowledged them ({@link BatchSettlement}): a broker outage only delays publication, and a record the
 * broker refuses for good is parked — counted, shown by readiness and the admin endpoint — instead of
 * blocking the rest. A crash between the broker's acknowledgement and the commit publishes that batch
 * again: consumers deduplicate by {@code ce_id}. The relay runs right after each commit that added records
 * ({@link RecordsAdded}); when another instance holds the lock then, its run may end before it reads them, so this
 * one tries again every {@value #RETRY_MILLIS} ms until the lock is its own, for at most one poll interval after its
 * last commit. The poll is only the safety net (a failed run, a wake-up lost to a crash).
 */
@IfBuildProperty(name = OutboxConfig.ENABLED, stringValue = "true")
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** The advisory lock of the relay: "twoutbox" as a number; each service has a database of its own. */
    public static final long RELAY_LOCK = 0x74776F7574626F78L;
    /** How soon a run that found another instance relaying tries again. */
    static final long RETRY_MILLIS = 50;

    /** The channel whose producer (and its Kafka configuration) the relay sends with. */
    private static final String CHANNEL = "outbox";

    private final KafkaClientService kafka;
    private final OutboxConfig config;
    private final MeterRegistry meters;
    private final Clock clock;
    private final AtomicLong parked = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final AtomicBoolean retryQueued = new AtomicBoolean();
    /** Runs that found another instance relaying, since this instance's last commit or its last run that held the lock. */
    private final AtomicInteger lockedOutRuns = new AtomicInteger();
    /** A batch parked records: the count is taken again right after the run, not only at the next poll. */
    private final AtomicBoolean parkedInRun = new AtomicBoolean();
    private volatile boolean stopping;
    /** Runs the relay when woken or retrying; one thread: runs never overlap, wake-ups meanwhile coalesce. */
    private final ScheduledExecutorService waker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "outbox-relay");
        t.setDaemon(true);
        return t;
    });

    OutboxRelay(KafkaClientService kafka, OutboxConfig config, MeterRegistry meters, Clock clock) {
        this.kafka = kafka;
        this.config = config;
        this.meters = meters;
        this.clock = clock;
        Gauge.builder("tariffwatch.outbox.parked", parked, AtomicLong::get)
                .description("outbox records the broker refused for good, waiting for an operator").register(meters);
    }

    /** The safety net: publishes what waits, and counts the parked records (an operator may have retried or
     * dropped some, another instance parked some) — once a poll, not after every wake-up: counting had cost a
     * busy relay a third of its time. */
    @Scheduled(every = "${tariffwatch.outbox.poll-interval:" + OutboxConfig.DEFAULT_POLL_INTERVAL + "}",
            delayed = "${tariffwatch.outbox.start-delay:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        relay();
        countParked();
    }

    void relay() {
        if (stopping) {
            return;
        }
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        boolean lockedOut = false;
        try {
            do {
                again.set(false);
                BatchRun run;
                do {
                    run = publishBatch();
                } while (!stopping && run.settled() == config.batchSize()); // a full batch: more may be waiting
                lockedOut = run.relayedElsewhere();
            } while (again.get() && !stopping && !lockedOut);
        } catch (RuntimeException e) {
            meters.counter("tariffwatch.outbox.failures").increment();
            LOG.warnf("outbox: publishing failed, will retry: %s", e.getMessage());
        } finally {
            running.set(false);
        }
        if (lockedOut) {
            retrySoon();
        } else {
            lockedOutRuns.set(0);
        }
        if (parkedInRun.getAndSet(false)) {
            countParked();
        }
    }

    /** Another instance relays: this one's records may have been committed after that run read its last batch. */
    private void retrySoon() {
        meters.counter("tariffwatch.outbox.relayed.elsewhere").increment();
        if (lockedOutRuns.incrementAndGet() * RETRY_MILLIS > config.pollInterval().toMillis()
                || !retryQueued.compareAndSet(false, true)) {
            return; // the poll takes over, or a retry is queued already
        }
        try {
            waker.schedule(() -> {
                retryQueued.set(false);
                relay();
            }, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            retryQueued.set(false); // shutting down
        }
    }

    private void countParked() {
        if (stopping) {
            return;
        }
        try {
            // its own transaction: the threads that run this have none (a read outside one fails)
            parked.set(QuarkusTransaction.requiringNew().call(OutboxRecord::countParked));
        } catch (RuntimeException e) {
            LOG.warnf("outbox: counting parked records failed, will retry: %s", e.getMessage());
        }
    }

    /** Records were committed to the outbox: publish them now rather than at the next poll. */
    void onRecordsAdded(@Observes(during = TransactionPhase.AFTER_SUCCESS) RecordsAdded added) {
        lockedOutRuns.set(0); // retried again, should another instance be relaying, for up to a poll interval
        // at most one run waits for the waker: one that has not started yet reads these records too
        if (!wakeQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            waker.execute(() -> {
                wakeQueued.set(false);
                relay();
            });
        } catch (RejectedExecutionException e) {
            // shutting down: the next start publishes them
        }
    }

    /** Shutting down: no more runs (the database is about to go; the poll and queued wake-ups would fail one by one).
     * What waits is published after the next start. */
    void onShutdown(@Observes ShutdownEvent shutdown) {
        stopping = true;
    }

    @PreDestroy
    void stop() {
        waker.shutdownNow();
    }

    /** The event an {@link Outbox} fires in the transaction that adds records. */
    public record RecordsAdded(int count) {
    }

    /** Records parked right now, as of the last poll (or the last run that parked some). */
    public long parkedCount() {
        return parked.get();
    }

    /** What one batch did: how many records it settled (published or parked), or that another instance relays. */
    public record BatchRun(int settled, boolean relayedElsewhere) {
        static final BatchRun NOTHING_WAITING = new BatchRun(0, false);
        static final BatchRun ELSEWHERE = new BatchRun(0, true);
    }

    /** Publishes one batch, unless another instance is relaying. */
    @Transactional
    public BatchRun publishBatch() {
        Boolean active = (Boolean) Panache.getEntityManager().createNativeQuery("select pg_try_advisory_xact_lock(:k)")
                .setParameter("k", RELAY_LOCK).getSingleResult();
        if (!Boolean.TRUE.equals(active)) {
            return BatchRun.ELSEWHERE;
        }
        // the outbox is a queue: emptied as fast as it fills, its heap full of deleted rows until vacuumed, and planned
        // as the empty table it was at the start, so a scan of it cost 5.8 ms a read and 14 ms a delete (measured)
        PlainSql.readThroughIndexes();
        List<OutboxRecord.Waiting> batch = OutboxRecord.waiting(config.batchSize());
        if (batch.isEmpty()) {
            return BatchRun.NOTHING_WAITING;
        }
        // sent with this transaction suspended: were it carried into the producer's threads, a commit while one of
        // them is still inside it would roll back (Narayana: "multiple threads active within it")
        List<SendOutcome> outcomes = QuarkusTransaction.suspendingExisting().call(() -> send(batch));
        BatchSettlement settlement = BatchSettlement.of(outcomes);
        OffsetDateTime now = OffsetDateTime.now(clock);
        OutboxRecord.deletePublished(settlement.published().stream().map(i -> batch.get(i).id()).toList());
        for (int i : settlement.parked()) {
            OutboxRecord r = OutboxRecord.findById(batch.get(i).id());
            String reason = ((SendOutcome.Refused) outcomes.get(i)).reason();
            r.parked(reason, now);
            parkedInRun.set(true);
            meters.counter("tariffwatch.outbox.parked.records", "topic", r.topic).increment();
            LOG.errorf("outbox: record %d (%s, ce_id %s) refused for good and parked: %s", r.id, r.topic, r.ceId, reason);
        }
        meters.counter("tariffwatch.outbox.published").increment(settlement.published().size());
        if (settlement.stoppedBy() != null) {
            meters.counter("tariffwatch.outbox.failures").increment();
            LOG.warnf("outbox: %d of %d records settled, the rest waits: %s", settlement.settled(), batch.size(),
                    settlement.stoppedBy().reason());
        }
        return new BatchRun(settlement.stoppedBy() == null ? settlement.settled() : 0, false);
    }

    /**
     * Sends the batch through the {@code outbox} channel's own Kafka producer (its configuration, its sending thread)
     * and waits for every acknowledgement, at most {@code sendTimeout} for the whole batch: a record not answered by
     * then is not yet published. Plain producer callbacks, not a channel message per record: per record, SmallRye's
     * message, metadata, context propagation and time-out timer had cost the relay more than the send itself.
     */
    private List<SendOutcome> send(List<OutboxRecord.Waiting> batch) {
        List<CompletableFuture<SendOutcome>> answers = new ArrayList<>(batch.size());
        List<ProducerRecord<String, String>> records = new ArrayList<>(batch.size());
        for (OutboxRecord.Waiting r : batch) {
            answers.add(new CompletableFuture<>());
            records.add(producerRecord(r));
        }
        KafkaProducer<String, String> producer = kafka.getProducer(CHANNEL);
        producer.runOnSendingThread(p -> {
            for (int i = 0; i < records.size(); i++) {
                CompletableFuture<SendOutcome> answer = answers.get(i);
                try {
                    p.send(records.get(i), (metadata, failure) -> answer.complete(SendOutcome.of(failure)));
                } catch (RuntimeException failure) {
                    answer.complete(SendOutcome.of(failure));
                }
            }
        }).subscribe().with(sent -> { }, failure -> answers.forEach(a -> a.complete(SendOutcome.of(failure))));
        try {
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                    .get(config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // the answers that came are kept; the others are not yet published
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        SendOutcome unanswered = new SendOutcome.NotYet("no acknowledgement within " + config.sendTimeout());
        return answers.stream().map(a -> a.getNow(unanswered)).toList();
    }

    private ProducerRecord<String, String> producerRecord(OutboxRecord.Waiting record) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, CloudEvents.SPECVERSION, CloudEvents.SPEC_VERSION_VALUE);
        header(headers, CloudEvents.ID, record.ceId());
        header(headers, CloudEvents.SOURCE, config.source());
        header(headers, CloudEvents.TYPE, record.ceType());
        header(headers, CloudEvents.TIME, record.createdAt().toString());
        header(headers, CloudEvents.CONTENT_TYPE, "application/json");
        return new ProducerRecord<>(record.topic(), null, record.key(), record.payload(), headers);
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
