package io.tariffwatch.support.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Adds records to the outbox, always inside the caller's transaction: the record exists exactly when
 * the change it reports was committed. */
@ApplicationScoped
public class Outbox {
    private final MeterRegistry meters;

    Outbox(MeterRegistry meters) {
        this.meters = meters;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void add(String topic, String key, String ceId, String ceType, String payload) {
        OutboxRecord record = new OutboxRecord();
        record.topic = topic;
        record.recordKey = key;
        record.ceId = ceId;
        record.ceType = ceType;
        record.payload = payload;
        record.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        record.persist();
        meters.counter("tariffwatch.outbox.added", "topic", topic).increment();
    }
}
