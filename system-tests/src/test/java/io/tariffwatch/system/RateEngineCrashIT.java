package io.tariffwatch.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tariffwatch.events.Countries;
import io.tariffwatch.events.Json;
import io.tariffwatch.events.Topics;
import io.tariffwatch.testing.KafkaTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the rate engine in the middle of a burst of events: after a restart every rate change is
 * on the topic, and no transition was emitted as two different records (a record may only be repeated
 * whole, same id and content, from the outbox's crash window — consumers deduplicate by id).
 */
class RateEngineCrashIT {
    private static final ObjectMapper JSON = Json.mapper();
    private static final int EVENTS = 400;

    @Test
    void aKillInTheMiddleOfABurstLosesNoRateChangeAndEmitsNoneTwice() throws Exception {
        try (TariffWatchSystem system = TariffWatchSystem.start("rate-crash")) {
            String kafka = system.infra.kafkaBootstrapServers();
            // small polls, so that the burst is applied in many steps and the kill falls between them
            Map<String, String> smallPolls = Map.of("MP_MESSAGING_INCOMING_POLICY_EVENTS_MAX_POLL_RECORDS", "10");
            ServiceProcess engine = system.service("rate-engine", "rates", smallPolls);

            List<String> partners = new ArrayList<>(Countries.allExcept("US"));
            Map<String, Double> expectedTotal = new HashMap<>();
            List<ProducerRecord<byte[], byte[]>> burst = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                String partner = partners.get(i % partners.size());
                int rate = i % 50 + 1;
                expectedTotal.merge(partner, (double) rate, Double::sum);
                String event = """
                        {"id":"crash-%d","kind":"HIKE","stage":"ENACTED","imposer":"US","targets":["%s"],
                         "measure":{"id":"US-CRASH-%d"},"rate":%d,"effectiveFrom":"2025-01-01T00:00:00Z",
                         "products":{"include":["*"]},"sequence":%d,"recordedAt":"2026-01-01T00:00:00Z"}"""
                        .formatted(i, partner, i, rate, i + 1);
                burst.add(new ProducerRecord<>(Topics.POLICY_EVENTS, "US".getBytes(StandardCharsets.UTF_8),
                        event.getBytes(StandardCharsets.UTF_8)));
            }
            KafkaTestClient.send(kafka, Topics.POLICY_EVENTS, burst, Map.of());

            // kill -9 once some, not all, rate changes are out
            KafkaTestClient.readAll(kafka, Topics.RATE_CHANGES, Duration.ofSeconds(60), l -> l.size() >= 40);
            engine.kill();
            int beforeRestart = KafkaTestClient.readAll(kafka, Topics.RATE_CHANGES, Duration.ofSeconds(3), l -> false).size();
            assertTrue(beforeRestart < expectedTotal.size(), "the kill came after the whole burst: " + beforeRestart);

            ServiceProcess restarted = system.service("rate-engine", "rates", smallPolls);
            int pairs = expectedTotal.size();
            List<ConsumerRecord<String, String>> changes = KafkaTestClient.readAll(kafka, Topics.RATE_CHANGES,
                    Duration.ofSeconds(120), l -> held(l).equals(expectedHeld(expectedTotal)));
            Thread.sleep(3000);
            changes = KafkaTestClient.readAll(kafka, Topics.RATE_CHANGES, Duration.ofSeconds(5), l -> false);

            // a poll is applied as one step: two events of a partner in one poll give one transition. What must
            // hold: every partner's announced transition, corrections folded in, is its final duty, and no id was
            // ever published as two different records
            Map<String, String> contentById = new HashMap<>();
            int repeatedWhole = 0;
            for (ConsumerRecord<String, String> r : changes) {
                String id = JSON.readTree(r.value()).get("id").asText();
                String previous = contentById.put(id, r.value());
                if (previous != null) {
                    repeatedWhole++;
                    assertEquals(previous, r.value(), "a repeated id must be the same record");
                }
            }
            assertEquals(expectedHeld(expectedTotal), held(changes), "every partner's transition is there, once, final");
            assertEquals(pairs, held(changes).size());
            System.out.printf("rate-engine crash: %d rate changes before the kill, %d records in all, %d repeated whole%n",
                    beforeRestart, changes.size(), repeatedWhole);

            for (String partner : List.of(partners.get(0), partners.get(EVENTS % partners.size()))) {
                HttpResponse<String> rate = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(restarted.url("/api/v1/rates/US/" + partner))).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(expectedTotal.get(partner), JSON.readTree(rate.body()).get("additional").asDouble(), partner);
            }
        }
    }

    /** Per partner, the transitions a subscriber holds after folding the records in revision order. */
    private static Map<String, Set<String>> held(List<ConsumerRecord<String, String>> records) {
        Map<String, String> byId = new HashMap<>();
        Map<String, String> partnerOf = new HashMap<>();
        records.stream().map(r -> {
            try {
                return JSON.readTree(r.value());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }).sorted(java.util.Comparator.comparingLong(c -> c.get("revision").asLong())).forEach(c -> {
            if (c.hasNonNull("corrects")) {
                byId.remove(c.at("/corrects/rateChangeId").asText());
            }
            if (c.hasNonNull("newRate")) {
                byId.put(c.get("id").asText(), c.get("previousRate").decimalValue().stripTrailingZeros().toPlainString()
                        + "→" + c.get("newRate").decimalValue().stripTrailingZeros().toPlainString());
                partnerOf.put(c.get("id").asText(), c.get("partner").asText());
            }
        });
        Map<String, Set<String>> held = new HashMap<>();
        byId.forEach((id, move) -> held.computeIfAbsent(partnerOf.get(id), k -> new HashSet<>()).add(move));
        return held;
    }

    private static Map<String, Set<String>> expectedHeld(Map<String, Double> expectedTotal) {
        Map<String, Set<String>> expected = new HashMap<>();
        expectedTotal.forEach((partner, total) -> expected.put(partner,
                Set.of("0→" + java.math.BigDecimal.valueOf(total).stripTrailingZeros().toPlainString())));
        return expected;
    }
}
