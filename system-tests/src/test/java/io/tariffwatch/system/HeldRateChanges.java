package io.tariffwatch.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tariffwatch.events.Json;
import io.tariffwatch.events.Topics;
import io.tariffwatch.testing.KafkaTestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** {@code tariff.rate-changes} as a subscriber holds it: records folded in revision order, corrections applied. */
final class HeldRateChanges {
    private static final ObjectMapper JSON = Json.mapper();

    private HeldRateChanges() {
    }

    /** Per partner, the moves ("previous→new") of the transitions a subscriber holds, one entry per rate change. */
    static Map<String, List<String>> movesByPartner(List<ConsumerRecord<String, String>> records) {
        Map<String, String> moveById = new LinkedHashMap<>();
        Map<String, String> partnerOf = new HashMap<>();
        records.stream().map(r -> read(r.value())).sorted(Comparator.comparingLong(c -> c.get("revision").asLong()))
                .forEach(c -> {
                    if (c.hasNonNull("corrects")) {
                        moveById.remove(c.at("/corrects/rateChangeId").asText());
                    }
                    if (c.hasNonNull("newRate")) {
                        moveById.put(c.get("id").asText(), plain(c.get("previousRate").decimalValue()) + "→"
                                + plain(c.get("newRate").decimalValue()));
                        partnerOf.put(c.get("id").asText(), c.get("partner").asText());
                    }
                });
        Map<String, List<String>> held = new HashMap<>();
        moveById.forEach((id, move) -> held.computeIfAbsent(partnerOf.get(id), k -> new ArrayList<>()).add(move));
        return held;
    }

    /** How many records repeat an earlier one whole (same id, same content: the outbox's crash window); fails
     * when an id was published as two different records. */
    static int repeatedWhole(List<ConsumerRecord<String, String>> records) {
        Map<String, String> contentById = new HashMap<>();
        int repeated = 0;
        for (ConsumerRecord<String, String> r : records) {
            String previous = contentById.put(read(r.value()).get("id").asText(), r.value());
            if (previous != null) {
                repeated++;
                assertEquals(previous, r.value(), "a repeated id must be the same record");
            }
        }
        return repeated;
    }

    /** Every rate change once no more arrive (the relay publishes in batches). */
    static List<ConsumerRecord<String, String>> settled(String kafka) {
        return settled(kafka, Topics.RATE_CHANGES);
    }

    /** Every record on the topic once no more arrive: two reads 2 s apart found the same number. */
    static List<ConsumerRecord<String, String>> settled(String kafka, String topic) {
        AtomicReference<List<ConsumerRecord<String, String>>> last = new AtomicReference<>(List.of());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            List<ConsumerRecord<String, String>> now = KafkaTestClient.readAll(kafka, topic, Duration.ofSeconds(2), l -> false);
            return now.size() == last.getAndSet(now).size();
        });
        return last.get();
    }

    static String plain(BigDecimal rate) {
        return rate.stripTrailingZeros().toPlainString();
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
