package io.tariffwatch.support.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import io.tariffwatch.support.persistence.JdbcBatch;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

/** Adds records to the outbox, always inside the caller's transaction: the record exists exactly when
 * the change it reports was committed. Many records go in as one JDBC batch. */
@ApplicationScoped
public class Outbox {
    private final MeterRegistry meters;
    private final Clock clock;
    private final Event<OutboxRelay.RecordsAdded> added;

    Outbox(MeterRegistry meters, Clock clock, Event<OutboxRelay.RecordsAdded> added) {
        this.meters = meters;
        this.clock = clock;
        this.added = added;
    }

    /** A record to publish: its topic and key, its CloudEvents id and type, and its JSON value. */
    public record Message(String topic, String key, String ceId, String ceType, String payload) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void add(String topic, String key, String ceId, String ceType, String payload) {
        addAll(List.of(new Message(topic, key, ceId, ceType, payload)));
    }

    /** Adds the messages in this order (the relay publishes them so). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void addAll(List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        JdbcBatch.execute("insert into outbox (topic, record_key, ce_id, ce_type, payload, created_at) "
                + "values (?, ?, ?, ?, ?, ?)", messages, (insert, m) -> {
                    insert.setString(1, m.topic());
                    insert.setString(2, m.key());
                    insert.setString(3, m.ceId());
                    insert.setString(4, m.ceType());
                    insert.setString(5, m.payload());
                    insert.setTimestamp(6, now);
                });
        added.fire(new OutboxRelay.RecordsAdded(messages.size()));
        messages.forEach(m -> meters.counter("tariffwatch.outbox.added", "topic", m.topic()).increment());
    }
}
