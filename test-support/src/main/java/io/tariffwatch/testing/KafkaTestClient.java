package io.tariffwatch.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Produces to and reads from the test broker with plain Kafka clients, as an upstream system or an operator would. */
public final class KafkaTestClient {
    private KafkaTestClient() {
    }

    public static void send(String topic, String key, byte[] value, Map<String, String> headers) {
        send(LocalInfraTestResource.infra().kafkaBootstrapServers(), topic, List.of(
                new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value)), headers);
    }

    /** Sends records in order and waits for the broker to acknowledge them all. */
    public static void send(String bootstrapServers, String topic, List<ProducerRecord<byte[], byte[]>> records,
                            Map<String, String> headers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> record : records) {
                headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
                acks.add(producer.send(record));
            }
            for (java.util.concurrent.Future<?> ack : acks) {
                ack.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static void send(String topic, String key, String value) {
        send(topic, key, value.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** Every record of the topic from the beginning, read until {@code done} holds or the time is up. */
    public static List<ConsumerRecord<String, String>> readAll(String topic, Duration timeout,
                                                             Predicate<List<ConsumerRecord<String, String>>> done) {
        return readAll(LocalInfraTestResource.infra().kafkaBootstrapServers(), topic, timeout, done);
    }

    public static List<ConsumerRecord<String, String>> readAll(String bootstrapServers, String topic, Duration timeout,
                                                             Predicate<List<ConsumerRecord<String, String>>> done) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && !done.test(records)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    records.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(), r.timestampType(),
                            r.serializedKeySize(), r.serializedValueSize(),
                            r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
                            r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8),
                            r.headers(), r.leaderEpoch()));
                }
            }
        }
        return records;
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
