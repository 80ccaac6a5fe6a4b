package io.tariffwatch.support.outbox;

import io.quarkus.arc.properties.IfBuildProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.tariffwatch.events.TopicRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import io.tariffwatch.support.persistence.JdbcBatch;
import io.tariffwatch.support.persistence.JdbcBatch.ArrayColumn;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

/** Adds contract records to the outbox, always inside the caller's transaction: the record exists exactly when
 * the change it reports was committed. Each leaves as JSON here, with its topic, key and CloudEvents id and
 * type from the record itself; many go in as one statement (per 500). */
@IfBuildProperty(name = OutboxConfig.ENABLED, stringValue = "true")
@ApplicationScoped
public class Outbox {
    private final ObjectMapper mapper;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Event<OutboxRelay.RecordsAdded> added;

    Outbox(ObjectMapper mapper, MeterRegistry meters, Clock clock, Event<OutboxRelay.RecordsAdded> added) {
        this.mapper = mapper;
        this.meters = meters;
        this.clock = clock;
        this.added = added;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void add(TopicRecord record) {
        addAll(List.of(record));
    }

    /** Adds the records in this order (the relay publishes them so). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void addAll(List<? extends TopicRecord> messages) {
        addWritten(messages.stream().map(m -> new Written(m, json(m))).toList());
    }

    /** A record with the JSON it leaves as, for a caller that wrote it already (to store it too). */
    public record Written(TopicRecord record, String json) {
    }

    /** Adds records already written as JSON, in this order. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void addWritten(List<Written> messages) {
        if (messages.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        JdbcBatch.executeColumns("insert into outbox (created_at, topic, record_key, ce_id, ce_type, payload) "
                + "select ?, topic, record_key, ce_id, ce_type, payload from unnest(?::text[], ?::text[], ?::text[], "
                + "?::text[], ?::text[]) with ordinality as r(topic, record_key, ce_id, ce_type, payload, n) order by n",
                messages, List.of(now), List.of(ArrayColumn.text(w -> w.record().topic()),
                        ArrayColumn.text(w -> w.record().key()), ArrayColumn.text(w -> w.record().id()),
                        ArrayColumn.text(w -> w.record().cloudEventType()), ArrayColumn.text(Written::json)));
        added.fire(new OutboxRelay.RecordsAdded(messages.size()));
        messages.forEach(w -> meters.counter("tariffwatch.outbox.added", "topic", w.record().topic()).increment());
    }

    private String json(TopicRecord record) {
        try {
            return mapper.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a " + record.getClass().getSimpleName() + " that cannot be written as JSON", e);
        }
    }
}
