package io.tariffwatch.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tariffwatch.events.Countries;
import io.tariffwatch.events.Json;
import io.tariffwatch.events.Topics;
import io.tariffwatch.testing.KafkaTestClient;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

            Burst burst = Burst.of("crash", EVENTS);
            Map<String, Double> expectedTotal = burst.expectedTotal();
            KafkaTestClient.send(kafka, Topics.POLICY_EVENTS, burst.records(), Map.of());

            // kill -9 once some, not all, rate changes are out
            KafkaTestClient.readAll(kafka, Topics.RATE_CHANGES, Duration.ofSeconds(60), l -> l.size() >= 40);
            engine.kill();
            int beforeRestart = KafkaTestClient.readAll(kafka, Topics.RATE_CHANGES, Duration.ofSeconds(3), l -> false).size();
            assertTrue(beforeRestart < expectedTotal.size(), "the kill came after the whole burst: " + beforeRestart);

            ServiceProcess restarted = system.service("rate-engine", "rates", smallPolls);
            // a poll is applied as one step: two events of a partner in one poll give one transition. What must
            // hold: every partner's announced transition, corrections folded in, is its final duty, held once, and
            // no id was ever published as two different records
            List<ConsumerRecord<String, String>> changes = burst.awaitHeldOnce(kafka);
            int repeatedWhole = HeldRateChanges.repeatedWhole(changes);
            System.out.printf("rate-engine crash: %d rate changes before the kill, %d records in all, %d repeated whole%n",
                    beforeRestart, changes.size(), repeatedWhole);

            for (String partner : List.of(burst.partners().get(0), burst.partners().get(EVENTS % burst.partners().size()))) {
                HttpResponse<String> rate = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(restarted.url("/api/v1/rates/US/" + partner))).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(expectedTotal.get(partner), JSON.readTree(rate.body()).get("additional").asDouble(), partner);
            }
        }
    }

    /** A burst of hikes by the US on its partners in turn, each under a measure of its own. */
    record Burst(List<ProducerRecord<byte[], byte[]>> records, Map<String, Double> expectedTotal, List<String> partners) {
        static Burst of(String idPrefix, int events) {
            List<String> partners = new ArrayList<>(Countries.allExcept("US"));
            Map<String, Double> expectedTotal = new HashMap<>();
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                String partner = partners.get(i % partners.size());
                int rate = i % 50 + 1;
                expectedTotal.merge(partner, (double) rate, Double::sum);
                String event = """
                        {"id":"%s-%d","kind":"HIKE","stage":"ENACTED","imposer":"US","targets":["%s"],
                         "measure":{"id":"US-%s-%d"},"rate":%d,"effectiveFrom":"2025-01-01T00:00:00Z",
                         "products":{"include":["*"]},"sequence":%d,"recordedAt":"2026-01-01T00:00:00Z"}"""
                        .formatted(idPrefix, i, partner, idPrefix, i, rate, i + 1);
                records.add(new ProducerRecord<>(Topics.POLICY_EVENTS, "US".getBytes(StandardCharsets.UTF_8),
                        event.getBytes(StandardCharsets.UTF_8)));
            }
            return new Burst(records, expectedTotal, partners);
        }

        /** Every rate change on the topic once they settle, asserted to give each partner its one transition. */
        List<ConsumerRecord<String, String>> awaitHeldOnce(String kafka) {
            KafkaTestClient.readAll(kafka, Topics.RATE_CHANGES, Duration.ofSeconds(120),
                    l -> HeldRateChanges.movesByPartner(l).equals(expectedHeld()));
            List<ConsumerRecord<String, String>> changes = HeldRateChanges.settled(kafka);
            assertEquals(expectedHeld(), HeldRateChanges.movesByPartner(changes),
                    "every partner's transition is there, once, final, whoever published it");
            return changes;
        }

        /** Per partner, one transition from no additional duty to the sum of its hikes. */
        Map<String, List<String>> expectedHeld() {
            Map<String, List<String>> expected = new HashMap<>();
            expectedTotal.forEach((partner, total) -> expected.put(partner,
                    List.of("0→" + HeldRateChanges.plain(BigDecimal.valueOf(total)))));
            return expected;
        }
    }
}
