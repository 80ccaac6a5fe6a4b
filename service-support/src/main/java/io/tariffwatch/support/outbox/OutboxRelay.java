package io.tariffwatch.support.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tariffwatch.events.CloudEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes outbox records to Kafka in id order. Rows are claimed with {@code FOR UPDATE SKIP LOCKED}
 * and marked published in the same transaction, after the broker acknowledged them, so two instances
 * never publish one row twice and a broker outage only delays publication (the batch rolls back and is
 * tried again). A crash between the broker's acknowledgement and the commit publishes that batch again:
 * consumers deduplicate by {@code ce_id}.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final MutinyEmitter<String> emitter;
    private final OutboxConfig config;
    private final MeterRegistry meters;

    OutboxRelay(@Channel("outbox") MutinyEmitter<String> emitter, OutboxConfig config, MeterRegistry meters) {
        this.emitter = emitter;
        this.config = config;
        this.meters = meters;
    }

    @Scheduled(every = "${tariffwatch.outbox.poll-interval:1s}", delayed = "${tariffwatch.outbox.start-delay:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relay() {
        try {
            while (publishBatch() == config.batchSize()) {
                // a full batch: more may be waiting
            }
        } catch (RuntimeException e) {
            meters.counter("tariffwatch.outbox.failures").increment();
            LOG.warnf("outbox: publishing failed, will retry: %s", e.getMessage());
        }
    }

    /** Publishes one batch; returns how many records it published. */
    @Transactional
    public int publishBatch() {
        @SuppressWarnings("unchecked")
        List<OutboxRecord> batch = Panache.getEntityManager()
                .createNativeQuery("select * from outbox where published_at is null order by id limit :n "
                        + "for update skip locked", OutboxRecord.class)
                .setParameter("n", config.batchSize())
                .getResultList();
        if (batch.isEmpty()) {
            return 0;
        }
        List<Uni<Void>> sends = batch.stream().map(this::send).toList();
        Uni.join().all(sends).andFailFast().await().atMost(config.sendTimeout());
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        batch.forEach(r -> r.publishedAt = now);
        meters.counter("tariffwatch.outbox.published").increment(batch.size());
        return batch.size();
    }

    private Uni<Void> send(OutboxRecord record) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, CloudEvents.SPECVERSION, CloudEvents.SPEC_VERSION_VALUE);
        header(headers, CloudEvents.ID, record.ceId);
        header(headers, CloudEvents.SOURCE, config.source());
        header(headers, CloudEvents.TYPE, record.ceType);
        header(headers, CloudEvents.TIME, record.createdAt.toString());
        header(headers, CloudEvents.CONTENT_TYPE, "application/json");
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(record.topic).withKey(record.recordKey).withHeaders(headers).build();
        return emitter.sendMessage(Message.of(record.payload).addMetadata(metadata));
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
