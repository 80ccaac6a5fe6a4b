package io.tariffwatch.support.messaging;

import io.tariffwatch.support.text.Bounded;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Sends a record no retry can process to its dead-letter topic ({@code <topic>.dlq.<service>}), as it
 * came (key, value, headers) plus where it came from and why it was refused. Waits for the broker's
 * acknowledgement: a send that fails throws, and the caller tries again rather than losing the record.
 */
@ApplicationScoped
public class DeadLetters {
    public static final String REASON = "dead-letter-reason";
    public static final String ORIGIN = "dead-letter-origin";
    private static final Duration SEND_DEADLINE = Duration.ofSeconds(30);
    private static final int MAX_REASON = 1000;

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final MutinyEmitter<String> emitter;
    private final PatientConsumer patience;
    private final MeterRegistry meters;

    DeadLetters(@Channel("dead-letters") MutinyEmitter<String> emitter, PatientConsumer patience, MeterRegistry meters) {
        this.emitter = emitter;
        this.patience = patience;
        this.meters = meters;
    }

    /**
     * Processes {@code record} until that succeeds (see {@link PatientConsumer}); a record whose processing
     * throws {@link IllegalArgumentException} — not a valid record, no retry can help — goes to
     * {@code deadLetterTopic} instead. A dead-letter send that fails is retried like any other failure.
     */
    public void processOrDeadLetter(String channel, ConsumerRecord<String, String> record, String deadLetterTopic,
                                    Consumer<String> processing) {
        patience.untilDone(channel, () -> {
            try {
                processing.accept(record.value());
            } catch (IllegalArgumentException invalid) {
                deadLetter(channel, record, deadLetterTopic, invalid);
            }
        });
    }

    /**
     * A batch of records (one poll, as {@code ConsumerRecords} or a list) processed at once: each is first read by {@code reading}, and one it
     * refuses ({@link IllegalArgumentException}) goes to {@code deadLetterTopic}; the others are given to
     * {@code processing} together, until that succeeds. Should {@code processing} refuse the batch as a whole,
     * it is taken record by record, so that only the record at fault is dead-lettered. Order is kept.
     */
    public <T> void processAllOrDeadLetter(String channel, Iterable<ConsumerRecord<String, String>> records,
                                           String deadLetterTopic, Function<String, T> reading,
                                           Consumer<List<T>> processing) {
        List<ConsumerRecord<String, String>> readable = new ArrayList<>();
        List<T> read = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            try {
                read.add(reading.apply(r.value()));
                readable.add(r);
            } catch (IllegalArgumentException invalid) {
                patience.untilDone(channel, () -> deadLetter(channel, r, deadLetterTopic, invalid));
            }
        }
        if (read.isEmpty()) {
            return;
        }
        patience.untilDone(channel, () -> {
            try {
                processing.accept(read);
            } catch (IllegalArgumentException refused) {
                for (int i = 0; i < read.size(); i++) {
                    T one = read.get(i);
                    processOrDeadLetter(channel, readable.get(i), deadLetterTopic, value -> processing.accept(List.of(one)));
                }
            }
        });
    }

    private void deadLetter(String channel, ConsumerRecord<String, String> record, String deadLetterTopic,
                            IllegalArgumentException invalid) {
        send(deadLetterTopic, record, invalid);
        meters.counter("tariffwatch.records.dead.lettered", "channel", channel).increment();
        LOG.warnf("%s: record %s-%d@%d sent to %s: %s", channel, record.topic(), record.partition(),
                record.offset(), deadLetterTopic, invalid.getMessage());
    }

    void send(String topic, ConsumerRecord<String, String> record, Throwable why) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h);
        }
        String reason = String.valueOf(why.getMessage());
        headers.add(REASON, Bounded.atMost(reason, MAX_REASON)
                .getBytes(StandardCharsets.UTF_8));
        headers.add(ORIGIN, (record.topic() + "-" + record.partition() + "@" + record.offset()).getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic).withKey(record.key()).withHeaders(headers).build();
        emitter.sendMessage(Message.of(record.value() == null ? "" : record.value()).addMetadata(metadata))
                .await().atMost(SEND_DEADLINE);
    }
}
