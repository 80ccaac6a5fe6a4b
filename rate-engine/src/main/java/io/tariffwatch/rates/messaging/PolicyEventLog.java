package io.tariffwatch.rates.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Identifier;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/** Reads {@code policy.events} outside the consumer's channel: all of it for a rebuild (the topic is the log of
 * record), and how far it reaches for readiness. */
@ApplicationScoped
public class PolicyEventLog {
    private static final Logger LOG = Logger.getLogger(PolicyEventLog.class);
    private static final Duration READ_DEADLINE = Duration.ofSeconds(30);

    /** The {@code kafka.*} settings every channel gets: the brokers, and where Kafka is shared, the credentials. */
    private final Map<String, Object> kafka;
    private final ObjectMapper mapper;

    PolicyEventLog(@Identifier("default-kafka-broker") Map<String, Object> kafka, ObjectMapper mapper) {
        this.kafka = kafka;
        this.mapper = mapper;
    }

    /** Every readable event on the topic now, in sequence order; records that are not events are skipped. */
    public List<PolicyEvent> readAll() {
        List<PolicyEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, READ_DEADLINE);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        PolicyEvent e = mapper.readValue(r.value(), PolicyEvent.class);
                        if (e.id() != null && e.sequence() != null) {
                            events.add(e);
                        }
                    } catch (Exception ex) {
                        LOG.warnf("rebuild: skipping %s-%d@%d, not a policy event", r.topic(), r.partition(), r.offset());
                    }
                }
            }
        }
        // a redelivered record appears twice on the topic: keep one per id
        return events.stream().collect(Collectors.toMap(PolicyEvent::id, e -> e, (a, b) -> a)).values().stream()
                .sorted(Comparator.comparingLong(PolicyEvent::sequence)).toList();
    }

    /** A partition's first offset and the offset its next record will get. */
    public record Extent(long beginning, long end) {
    }

    /** Each partition's extent now: a reader that has read up to each end has caught up. */
    public Map<TopicPartition, Extent> extents(Duration deadline) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, deadline);
            Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, deadline);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, deadline);
            return partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> new Extent(beginning.get(tp), end.get(tp))));
        }
    }

    private KafkaConsumer<String, String> consumer() {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, String> consumer, Duration deadline) {
        return consumer.partitionsFor(Topics.POLICY_EVENTS, deadline).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    }
}
